using System.Text;
using System.Text.RegularExpressions;

namespace NearDup.Extract;

/// <summary>
/// Chooses the encoding of an HTML page from its bytes: byte-order mark, then the declared (HTTP header) charset,
/// then <c>&lt;meta charset&gt;</c> / <c>http-equiv</c> / XML declaration in the first 64 KiB, else UTF-8.
/// </summary>
/// <remarks>
/// A declaration the bytes contradict is overruled, since mislabelled pages are common: a page declared as a
/// single-byte or CJK legacy code page whose bytes are valid UTF-8 with multi-byte sequences is read as UTF-8; a page
/// declared (or assumed) UTF-8 whose non-ASCII bytes are mostly invalid UTF-8 is read as windows-1252.
/// Legacy code pages come from <c>System.Text.Encoding.CodePages</c>, registered on first use.
/// </remarks>
internal static partial class CharsetDetector
{
    private const int PrescanBytes = 64 * 1024;

    static CharsetDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Ensures legacy code pages (windows-125x, Shift_JIS, GBK, ...) are available to <see cref="Encoding.GetEncoding(string)"/>.</summary>
    public static void EnsureCodePages()
    {
        // The static constructor does the work.
    }

    /// <summary>Detects the encoding of <paramref name="html"/>.</summary>
    /// <param name="html">The page's bytes.</param>
    /// <param name="declaredCharset">A charset label from outside the page (HTTP Content-Type), or null.</param>
    public static CharsetDetection Detect(ReadOnlySpan<byte> html, string? declaredCharset = null)
    {
        if (html.Length >= 3 && html[0] == 0xEF && html[1] == 0xBB && html[2] == 0xBF)
        {
            return new(Utf8, "utf-8", CharsetSource.ByteOrderMark, 3, null);
        }

        if (html.Length >= 2 && html[0] == 0xFF && html[1] == 0xFE)
        {
            return new(new UnicodeEncoding(false, false, false), "utf-16le", CharsetSource.ByteOrderMark, 2, null);
        }

        if (html.Length >= 2 && html[0] == 0xFE && html[1] == 0xFF)
        {
            return new(new UnicodeEncoding(true, false, false), "utf-16be", CharsetSource.ByteOrderMark, 2, null);
        }

        string? warning = null;
        string? label = null;
        CharsetSource source = CharsetSource.Sniffed;
        if (!string.IsNullOrWhiteSpace(declaredCharset))
        {
            label = declaredCharset;
            source = CharsetSource.Declared;
        }
        else
        {
            label = PrescanMeta(html[..Math.Min(html.Length, PrescanBytes)]);
            if (label is not null)
            {
                source = CharsetSource.Meta;
            }
        }

        (int valid, int invalid) = CountUtf8(html);
        bool mostlyInvalidUtf8 = invalid > 0 && invalid > valid;
        Encoding? encoding = null;
        string name = "utf-8";
        if (label is not null)
        {
            name = CanonicalLabel(label);
            encoding = TryGetEncoding(name);
            if (encoding is null)
            {
                warning = $"unknown charset '{label}' ({source}); decoding by content";
                source = CharsetSource.Sniffed;
                name = "utf-8";
            }
        }

        if (encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage)
        {
            // UTF-16 declared inside a byte stream without a BOM is always wrong (WHATWG treats it as UTF-8).
            bool isUtf16 = encoding.CodePage is 1200 or 1201;
            if (isUtf16 || (invalid == 0 && valid > 0))
            {
                warning = $"declared charset '{label}' ({source}) contradicts the bytes, which are valid UTF-8; read as UTF-8";
                return new(Utf8, "utf-8", CharsetSource.Corrected, 0, warning);
            }

            return new(encoding, name, source, 0, warning);
        }

        if (mostlyInvalidUtf8)
        {
            Encoding latin = Encoding.GetEncoding(1252);
            warning = source == CharsetSource.Sniffed && label is null
                ? warning
                : $"declared charset '{label}' ({source}) contradicts the bytes ({invalid} invalid UTF-8 sequences); read as windows-1252";
            return new(latin, "windows-1252", label is null ? CharsetSource.Sniffed : CharsetSource.Corrected, 0, warning);
        }

        return new(Utf8, "utf-8", source, 0, warning);
    }

    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    /// <summary>Maps WHATWG aliases onto the encodings .NET knows (latin1 and ascii are windows-1252 on the web).</summary>
    internal static string CanonicalLabel(string label)
    {
        string l = label.Trim().Trim('"', '\'').ToLowerInvariant();
        return l switch
        {
            "utf8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            "latin1" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "l1" or "us-ascii" or "ascii" or "ansi_x3.4-1968"
                or "cp1252" or "x-cp1252" or "cp819" or "ibm819" => "windows-1252",
            "iso-8859-9" or "latin5" => "windows-1254",
            "gb2312" or "gbk" or "x-gbk" or "chinese" or "csgb2312" or "gb_2312-80" => "gb18030",
            "sjis" or "shift-jis" or "x-sjis" or "ms_kanji" or "windows-31j" or "ms932" => "shift_jis",
            "euc-kr" or "ks_c_5601-1987" or "windows-949" or "cp949" => "euc-kr",
            "big5-hkscs" or "x-x-big5" => "big5",
            "tis-620" or "iso-8859-11" => "windows-874",
            "unicode" or "utf-16" or "ucs-2" => "utf-16",
            _ => l,
        };
    }

    private static Encoding? TryGetEncoding(string name)
    {
        try
        {
            if (name == "utf-8")
            {
                return Utf8;
            }

            Encoding e = Encoding.GetEncoding(name);
            return e.CodePage == Encoding.UTF8.CodePage ? Utf8 : e;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: a label .NET knows but refuses (utf-7, which the web does not allow either).
            return null;
        }
    }

    /// <summary>Finds a charset in meta tags or an XML declaration of the page's start, read as ASCII.</summary>
    private static string? PrescanMeta(ReadOnlySpan<byte> head)
    {
        string ascii = Encoding.Latin1.GetString(head);
        foreach (Match meta in MetaTag().Matches(ascii))
        {
            Match charset = CharsetAttribute().Match(meta.Value);
            if (charset.Success)
            {
                return charset.Groups[1].Value;
            }
        }

        Match xml = XmlDeclaration().Match(ascii);
        return xml.Success ? xml.Groups[1].Value : null;
    }

    /// <summary>Counts valid multi-byte UTF-8 sequences and invalid bytes; a sequence cut at the end is not counted.</summary>
    internal static (int Valid, int Invalid) CountUtf8(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        int i = 0;
        while (i < bytes.Length)
        {
            int ascii = bytes[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                break;
            }

            i += ascii;
            byte b = bytes[i];
            int need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
            if (need < 0)
            {
                invalid++;
                i++;
                continue;
            }

            if (i + need >= bytes.Length)
            {
                break;
            }

            bool ok = true;
            for (int k = 1; k <= need; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                valid++;
                i += need + 1;
            }
            else
            {
                invalid++;
                i++;
            }
        }

        return (valid, invalid);
    }

    [GeneratedRegex(@"<meta\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetAttribute();

    [GeneratedRegex(@"^\s*<\?xml[^>]*encoding\s*=\s*[""']([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaration();
}
