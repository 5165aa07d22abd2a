using System.Text;
using NearDup.Extract;

namespace NearDup.Tests.Extract;

public class CharsetDetectorTest
{
    private const string Body = "<p>Café au lait, crème brûlée and naïve façades: a paragraph long enough to be the article of this page.</p>";

    static CharsetDetectorTest() => CharsetDetector.EnsureCodePages();

    private static byte[] Page(string head, Encoding encoding) =>
        encoding.GetBytes($"<html><head>{head}</head><body><article>{Body}</article></body></html>");

    [Fact]
    public void Detect_Utf8Bom_WinsOverMeta()
    {
        byte[] page = [0xEF, 0xBB, 0xBF, .. Page("<meta charset=\"windows-1252\">", Encoding.UTF8)];

        CharsetDetection d = CharsetDetector.Detect(page);

        Assert.Equal(("utf-8", CharsetSource.ByteOrderMark, 3), (d.Name, d.Source, d.PreambleLength));
    }

    [Fact]
    public void Extract_Utf16LeWithBom_Decodes()
    {
        byte[] page = [0xFF, 0xFE, .. Page(string.Empty, Encoding.Unicode)];

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("utf-16le", a.Charset);
        Assert.Contains("crème brûlée", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MetaCharsetWindows1252_Decodes()
    {
        byte[] page = Page("<meta charset=\"windows-1252\">", Encoding.GetEncoding(1252));

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("windows-1252", a.Charset);
        Assert.Contains("Café au lait, crème brûlée and naïve façades", a.Text, StringComparison.Ordinal);
        Assert.Empty(a.Warnings);
    }

    [Fact]
    public void Extract_HttpEquivIso88591_ReadAsWindows1252()
    {
        byte[] page = Page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", Encoding.Latin1);

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("windows-1252", a.Charset);
        Assert.Contains("crème brûlée", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DeclaredHeaderCharset_WinsOverMeta()
    {
        byte[] page = Page("<meta charset=\"utf-8\">", Encoding.GetEncoding("iso-8859-15"));

        ExtractedArticle a = HtmlExtractor.Extract(page, "ISO-8859-15");

        Assert.Equal("iso-8859-15", a.Charset);
        Assert.Contains("crème brûlée", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ShiftJisMeta_Decodes()
    {
        Encoding sjis = Encoding.GetEncoding("shift_jis");
        byte[] page = sjis.GetBytes("<html><head><meta charset=\"Shift_JIS\"></head><body><article><p>東京都は火曜日、新しい交通予算を承認した。市議会での長い議論の末、バスの運賃は二年間据え置かれることになった。夜間の運行も増える予定だと発表した。</p></article></body></html>");

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("shift_jis", a.Charset);
        Assert.Contains("東京都は火曜日", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DeclaredLatin1ButBytesAreUtf8_IsCorrected()
    {
        byte[] page = Page("<meta charset=\"iso-8859-1\">", Encoding.UTF8);

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("utf-8", a.Charset);
        Assert.Contains("crème brûlée", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ã", a.Text, StringComparison.Ordinal);
        Assert.Contains(a.Warnings, w => w.Contains("iso-8859-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_DeclaredUtf8ButBytesAreLatin1_IsCorrected()
    {
        byte[] page = Page("<meta charset=\"utf-8\">", Encoding.GetEncoding(1252));

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal("windows-1252", a.Charset);
        Assert.Contains("crème brûlée", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", a.Text, StringComparison.Ordinal);
        Assert.NotEmpty(a.Warnings);
    }

    [Fact]
    public void Detect_NoDeclaration_ValidUtf8_IsUtf8()
    {
        CharsetDetection d = CharsetDetector.Detect(Page(string.Empty, Encoding.UTF8));

        Assert.Equal(("utf-8", CharsetSource.Sniffed), (d.Name, d.Source));
        Assert.Null(d.Warning);
    }

    [Fact]
    public void Detect_UnknownLabel_WarnsAndSniffs()
    {
        CharsetDetection d = CharsetDetector.Detect(Page("<meta charset=\"x-no-such-charset\">", Encoding.UTF8));

        Assert.Equal("utf-8", d.Name);
        Assert.Contains("x-no-such-charset", d.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<meta charset=\"utf-7\">", null)]
    [InlineData("", "UTF-7")]
    public void Detect_Utf7_IsAnUnknownCharsetNotAnError(string meta, string? declared)
    {
        // .NET knows UTF-7 but refuses it (SYSLIB0001); found by the fuzzer.
        CharsetDetection d = CharsetDetector.Detect(Page(meta, Encoding.UTF8), declared);

        Assert.Equal("utf-8", d.Name);
        Assert.Contains("unknown charset", d.Warning, StringComparison.Ordinal);
    }
}
