using System.Text;

namespace NearDup.Extract;

internal static partial class CharsetDetector
{
    // Bytes looked at to tell UTF-16 without a byte-order mark from binary: enough for a few hundred characters.
    private const int Utf16ProbeBytes = 4096;

    /// <summary>
    /// Detects the encoding of a plain-text file (no markup to declare a charset): a byte-order mark; UTF-16 without
    /// one, recognised by the NUL high bytes of its ASCII characters (LE: odd offsets, BE: even ones); otherwise the
    /// UTF-8 / windows-1252 rule of <see cref="Detect"/>. Returns null for binary content: NUL bytes that are not
    /// UTF-16, or many control characters.
    /// </summary>
    public static CharsetDetection? DetectText(ReadOnlySpan<byte> text)
    {
        if (text.Length >= 2 && (text[0] == 0xEF && text[1] == 0xBB || text[0] == 0xFF && text[1] == 0xFE || text[0] == 0xFE && text[1] == 0xFF))
        {
            return Detect(text);
        }

        var probe = text[..Math.Min(text.Length, Utf16ProbeBytes)];
        if (probe.IndexOf((byte)0) >= 0)
        {
            return Utf16ByNulls(probe);
        }

        int controls = 0;
        foreach (byte b in probe)
        {
            controls += b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C) ? 1 : 0;
        }

        if (controls * 10 > probe.Length)
        {
            return null; // more than one byte in ten is a control character: not text
        }

        (int valid, int invalid) = CountUtf8(text);
        if (invalid > 0 && invalid > valid)
        {
            return new(Encoding.GetEncoding(1252), "windows-1252", CharsetSource.Sniffed, 0, null);
        }

        return new(Utf8, "utf-8", CharsetSource.Sniffed, 0, null);
    }

    // ASCII-range text in UTF-16 has a NUL in every other byte; binary data has NULs anywhere (or in runs).
    private static CharsetDetection? Utf16ByNulls(ReadOnlySpan<byte> probe)
    {
        int pairs = probe.Length / 2;
        if (pairs < 2)
        {
            return null;
        }

        int evenNul = 0, oddNul = 0;
        for (int i = 0; i + 1 < probe.Length; i += 2)
        {
            evenNul += probe[i] == 0 ? 1 : 0;
            oddNul += probe[i + 1] == 0 ? 1 : 0;
        }

        // Most characters of Latin-script text are ASCII; the other half of each pair is then never NUL.
        if (oddNul * 10 >= pairs * 6 && evenNul * 50 <= pairs)
        {
            return new(new UnicodeEncoding(false, false, false), "utf-16le", CharsetSource.Sniffed, 0, null);
        }

        if (evenNul * 10 >= pairs * 6 && oddNul * 50 <= pairs)
        {
            return new(new UnicodeEncoding(true, false, false), "utf-16be", CharsetSource.Sniffed, 0, null);
        }

        return null;
    }
}
