using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace NearDup.Read;

/// <summary>The parts of an HTTP response head (in a WARC response record) that reading a page needs.</summary>
internal readonly record struct HttpHead(int Status, string? ContentType, string? TransferEncoding, string? ContentEncoding, int Length)
{
    private const int MaxHeadBytes = 256 * 1024;

    /// <summary>Parses "HTTP/1.x NNN ..." and its header lines up to the blank line; Length counts the blank line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> block, out HttpHead head)
    {
        head = default;
        var scope = block[..Math.Min(block.Length, MaxHeadBytes)];
        int end = scope.IndexOf("\r\n\r\n"u8);
        int length = end + 4;
        int bare = scope.IndexOf("\n\n"u8);
        if (end < 0 || (bare >= 0 && bare < end))
        {
            // Some crawlers store bare LF line ends.
            if (bare < 0)
            {
                if (!scope.StartsWith("HTTP/"u8) || scope.Length != block.Length)
                {
                    return false;
                }

                end = block.Length; // a head without a body
                length = block.Length;
            }
            else
            {
                end = bare;
                length = bare + 2;
            }
        }

        var lines = block[..end];
        int first = lines.IndexOf((byte)'\n');
        var statusLine = (first >= 0 ? lines[..first] : lines).TrimEnd("\r"u8);
        if (!statusLine.StartsWith("HTTP/"u8))
        {
            return false;
        }

        int space = statusLine.IndexOf((byte)' ');
        if (space < 0 || !Utf8Parser.TryParse(statusLine[(space + 1)..], out int status, out int used) || used != 3)
        {
            return false;
        }

        string? contentType = null;
        string? transfer = null;
        string? coding = null;
        var rest = first >= 0 ? lines[(first + 1)..] : [];
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            var line = (newline >= 0 ? rest[..newline] : rest).TrimEnd("\r"u8);
            rest = newline >= 0 ? rest[(newline + 1)..] : [];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                contentType = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                transfer = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Encoding"u8))
            {
                coding = Encoding.Latin1.GetString(value);
            }
        }

        head = new HttpHead(status, contentType, transfer, coding, length);
        return true;
    }

    /// <summary>The charset parameter of a Content-Type value, or null.</summary>
    public static string? Charset(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        int at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = contentType.AsSpan(at + "charset".Length).TrimStart();
        if (value.IsEmpty || value[0] != '=')
        {
            return null;
        }

        value = value[1..].Trim();
        int end = value.IndexOfAny(';', ' ');
        value = (end >= 0 ? value[..end] : value).Trim("\"'");
        return value.IsEmpty ? null : value.ToString();
    }

    /// <summary>Undoes chunked transfer coding into a pooled buffer (return it); null when the chunks are bad.</summary>
    public static byte[]? Dechunk(ReadOnlySpan<byte> body, out int length)
    {
        length = 0;
        byte[] output = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 1));
        int pos = 0;
        while (pos < body.Length)
        {
            int newline = body[pos..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break; // a missing last chunk: keep what came
            }

            var sizeLine = body.Slice(pos, newline).TrimEnd("\r"u8);
            int semicolon = sizeLine.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeLine = sizeLine[..semicolon];
            }

            if (!Utf8Parser.TryParse(sizeLine.Trim(" \t"u8), out int size, out int used, 'X') || used != sizeLine.Trim(" \t"u8).Length || size < 0)
            {
                ArrayPool<byte>.Shared.Return(output);
                return null;
            }

            pos += newline + 1;
            if (size == 0)
            {
                break;
            }

            int take = Math.Min(size, body.Length - pos);
            body.Slice(pos, take).CopyTo(output.AsSpan(length));
            length += take;
            pos += take;
            if (pos < body.Length && body[pos] == (byte)'\r')
            {
                pos++;
            }

            if (pos < body.Length && body[pos] == (byte)'\n')
            {
                pos++;
            }
        }

        return output;
    }
}
