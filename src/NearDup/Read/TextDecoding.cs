using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace NearDup.Read;

/// <summary>Strict decoding of a whole text document: BOMs, binary content and invalid UTF-8 become problems.</summary>
internal static class TextDecoding
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 byte order mark, dropped from the start of files and streams.</summary>
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Decodes <paramref name="bytes"/> (UTF-8, or UTF-16 with a BOM) to text; on failure returns null and a
    /// message naming the byte offset. Empty and whitespace-only text fail too: there is nothing to compare.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> bytes, out string? error, out long? errorOffset)
    {
        error = null;
        errorOffset = null;
        if (bytes.IsEmpty)
        {
            error = "empty file";
            return null;
        }

        string text;
        if (bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF))
        {
            // UTF-16 carries NUL bytes by nature, so it is recognised by its BOM before the binary check.
            var encoding = bytes[0] == 0xFF ? StrictUtf16Le : StrictUtf16Be;
            try
            {
                text = encoding.GetString(bytes[2..]);
            }
            catch (DecoderFallbackException ex)
            {
                error = "invalid UTF-16 (" + ex.Message + ")";
                errorOffset = ex.Index >= 0 ? ex.Index + 2 : null;
                return null;
            }
        }
        else
        {
            int start = bytes.StartsWith(Utf8Bom) ? 3 : 0;
            var body = bytes[start..];
            int nul = body.IndexOf((byte)0);
            if (nul >= 0)
            {
                error = $"binary file (NUL byte at byte {nul + start})";
                errorOffset = nul + start;
                return null;
            }

            int invalid = FirstInvalidUtf8(body);
            if (invalid >= 0)
            {
                error = $"invalid UTF-8 at byte {invalid + start}";
                errorOffset = invalid + start;
                return null;
            }

            text = StrictUtf8.GetString(body);
        }

        if (text.Length == 0)
        {
            error = "empty file";
            return null;
        }

        if (text.AsSpan().IsWhiteSpace())
        {
            error = "whitespace-only file";
            return null;
        }

        return text;
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or -1.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        char[] chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int offset = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(bytes[offset..], chars, out int read, out _, replaceInvalidSequences: false);
                offset += read;
                if (status != OperationStatus.DestinationTooSmall)
                {
                    return status == OperationStatus.Done ? -1 : offset;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>"60.0 MB": sizes in problems, in decimal megabytes as users read them.</summary>
    public static string Megabytes(long bytes) => (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string TooLarge(long bytes, long max) =>
        $"too large: {Megabytes(bytes)} exceeds MaxDocumentBytes ({Megabytes(max)}, --max-document-bytes)";
}
