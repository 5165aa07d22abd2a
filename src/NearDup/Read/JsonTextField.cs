using System.Buffers;
using System.Text;

namespace NearDup.Read;

/// <summary>
/// A JSON string value read by vector search from escape to escape. <c>Utf8JsonReader</c> checks a string byte by
/// byte from its first backslash on, and a news text has its first <c>\n</c> within a line or two: most of its JSON
/// Lines parse was that loop.
/// </summary>
/// <remarks>Only the common escapes are taken (<c>\" \\ \/ \b \f \n \r \t</c>); a <c>\u</c> escape, a control
/// character or anything unexpected returns false, and the caller reads the value as before. The input must be
/// valid UTF-8 (the reader checks each line first), so the decoded string is the one <c>GetString</c> gives.</remarks>
internal static class JsonTextField
{
    private static readonly SearchValues<byte> Stops = SearchValues.Create(StopBytes());

    /// <summary>
    /// Reads the string value that follows a property name ending before <paramref name="start"/> (whitespace and the
    /// colon skipped): the decoded text and the index just past its closing quote. False when the value is not a
    /// string this reads, and nothing is decoded.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> line, int start, out string? text, out int end)
    {
        text = null;
        end = 0;
        int at = SkipWhitespace(line, start);
        if (at < line.Length && line[at] == (byte)':')
        {
            at = SkipWhitespace(line, at + 1);
        }

        if (at >= line.Length || line[at] != (byte)'"')
        {
            return false;
        }

        int first = at + 1;
        int escapes = 0;
        int i = first;
        while (true)
        {
            int stop = line[i..].IndexOfAny(Stops);
            if (stop < 0)
            {
                return false; // unterminated
            }

            i += stop;
            byte b = line[i];
            if (b == (byte)'"')
            {
                break;
            }

            if (b != (byte)'\\' || i + 1 >= line.Length || Unescaped(line[i + 1]) == 0)
            {
                return false; // a control character, \u or a bad escape: the JSON reader's to judge
            }

            escapes++;
            i += 2;
        }

        end = i + 1;
        var value = line[first..i];
        text = escapes == 0 ? Encoding.UTF8.GetString(value) : Decode(value, value.Length - escapes);
        return true;
    }

    private static string Decode(ReadOnlySpan<byte> value, int length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int used = 0;
            while (true)
            {
                int slash = value.IndexOf((byte)'\\');
                if (slash < 0)
                {
                    value.CopyTo(buffer.AsSpan(used));
                    used += value.Length;
                    break;
                }

                value[..slash].CopyTo(buffer.AsSpan(used));
                used += slash;
                buffer[used++] = Unescaped(value[slash + 1]);
                value = value[(slash + 2)..];
            }

            return Encoding.UTF8.GetString(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The byte an escape stands for, 0 for an escape read elsewhere (\u) or none.
    private static byte Unescaped(byte escape) => escape switch
    {
        (byte)'"' => (byte)'"',
        (byte)'\\' => (byte)'\\',
        (byte)'/' => (byte)'/',
        (byte)'b' => (byte)'\b',
        (byte)'f' => (byte)'\f',
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        _ => 0,
    };

    private static int SkipWhitespace(ReadOnlySpan<byte> line, int at)
    {
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    private static byte[] StopBytes()
    {
        var stops = new byte[34];
        for (int c = 0; c < 32; c++)
        {
            stops[c] = (byte)c;
        }

        stops[32] = (byte)'"';
        stops[33] = (byte)'\\';
        return stops;
    }
}
