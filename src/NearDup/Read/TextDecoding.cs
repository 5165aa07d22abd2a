using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using NearDup.Extract;

namespace NearDup.Read;

/// <summary>Decoding of a whole text document: BOMs honoured, other encodings detected, binary content refused.</summary>
internal static class TextDecoding
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 byte order mark, dropped from the start of files and streams.</summary>
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly Encoding StrictWindows1252 = GetStrict1252();

    /// <summary>
    /// Decodes <paramref name="bytes"/> to text: UTF-8, or UTF-16 with a BOM; otherwise by detection
    /// (<see cref="CharsetDetector.DetectText"/>: UTF-16 without a BOM, windows-1252 for Latin-1 text, UTF-8 with its
    /// few bad bytes replaced), then <paramref name="note"/> says what was done. On failure (binary, empty) returns
    /// null and a message naming the byte offset. Empty and whitespace-only text fail too: there is nothing to compare.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> bytes, out string? error, out long? errorOffset, out string? note)
    {
        error = null;
        errorOffset = null;
        note = null;
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
            int invalid = FirstInvalidUtf8(body);
            if (invalid < 0 && body.IndexOf((byte)0) < 0)
            {
                text = StrictUtf8.GetString(body);
            }
            else if (Detected(body, start, invalid, out error, out errorOffset, out note) is { } decoded)
            {
                text = decoded;
            }
            else
            {
                return null;
            }
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

    // Text that is not clean UTF-8: decoded as the detector says, or refused as binary.
    private static string? Detected(ReadOnlySpan<byte> body, int start, int firstInvalid, out string? error, out long? errorOffset, out string? note)
    {
        error = null;
        errorOffset = null;
        note = null;
        var detection = CharsetDetector.DetectText(body);
        if (detection is null)
        {
            int nul = body.IndexOf((byte)0);
            error = nul >= 0 ? $"binary file (NUL byte at byte {nul + start})" : "binary file (control characters)";
            errorOffset = nul >= 0 ? nul + start : null;
            return null;
        }

        switch (detection.Name)
        {
            case "utf-16le" or "utf-16be":
                try
                {
                    var strict = detection.Name == "utf-16le" ? StrictUtf16Le : StrictUtf16Be;
                    string text = strict.GetString(body[..(body.Length & ~1)]);
                    if (MostlyControls(text))
                    {
                        error = $"binary file (NUL byte at byte {body.IndexOf((byte)0) + start})";
                        errorOffset = body.IndexOf((byte)0) + start;
                        return null;
                    }

                    note = $"decoded as {detection.Name} (no byte order mark)";
                    return text;
                }
                catch (DecoderFallbackException ex)
                {
                    error = $"binary file (NUL bytes, and not valid {detection.Name})";
                    errorOffset = ex.Index >= 0 ? ex.Index + start : null;
                    return null;
                }

            case "windows-1252":
                // Five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) have no character in windows-1252: then it is Latin-1.
                try
                {
                    string text = StrictWindows1252.GetString(body);
                    note = $"decoded as windows-1252 (not valid UTF-8 from byte {firstInvalid + start})";
                    return text;
                }
                catch (DecoderFallbackException)
                {
                    note = $"decoded as iso-8859-1 (not valid UTF-8 from byte {firstInvalid + start})";
                    return Encoding.Latin1.GetString(body);
                }

            default:
                if (body.IndexOf((byte)0) is var nulAt and >= 0)
                {
                    error = $"binary file (NUL byte at byte {nulAt + start})";
                    errorOffset = nulAt + start;
                    return null;
                }

                (_, int bad) = CharsetDetector.CountUtf8(body);
                note = $"invalid UTF-8 at byte {firstInvalid + start}: decoded as utf-8, {Math.Max(bad, 1)} bad sequences replaced by U+FFFD";
                return detection.Encoding.GetString(body);
        }
    }

    // NUL bytes that happen to pair up as UTF-16 decode to control characters when the file is binary.
    private static bool MostlyControls(string text)
    {
        int controls = 0;
        foreach (char c in text)
        {
            controls += c < ' ' && c is not ('\n' or '\r' or '\t' or '\f') ? 1 : 0;
        }

        return controls * 10 > text.Length;
    }

    private static Encoding GetStrict1252()
    {
        CharsetDetector.EnsureCodePages();
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
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
