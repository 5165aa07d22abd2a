using System.Text.Json;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class HtmlDocumentsTest
{
    [Fact]
    public async Task JsonLinesWithHtmlAndNoText_GetTheExtractedText()
    {
        using var temp = new TempFolder();
        string page = WarcFiles.Page("Bridge plan approved", "the bridge");
        string line1 = JsonSerializer.Serialize(new { id = "p1", html = page, source = "Daily" });
        string line2 = JsonSerializer.Serialize(new { id = "p2", html = "<html><body><nav>Home</nav></body></html>" });
        string path = temp.Write("pages.jsonl", line1 + "\n" + line2 + "\n");
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, new ReaderOptions { HtmlField = "html" }, problems).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.StartsWith("Bridge plan approved\n\nThe council met", document.Text, StringComparison.Ordinal);
        Assert.Equal("Daily", document.Source);
        Assert.Equal(page, document.Html);
        var problem = Assert.Single(problems.Items);
        Assert.Equal((path, 2L), (problem.Origin, problem.Line!.Value));
        Assert.StartsWith("no article text", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvWithHtmlColumn_GetsTheExtractedText()
    {
        using var temp = new TempFolder();
        string page = WarcFiles.Page("Library reopens", "the library").Replace("\"", "\"\"", StringComparison.Ordinal);
        string path = temp.Write("pages.csv", $"id,url,html\nx,https://www.example.org/lib,\"{page}\"\n");

        var documents = await DocumentReaders.Open(path, new ReaderOptions { HtmlField = "html" }).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.StartsWith("Library reopens", document.Text, StringComparison.Ordinal);
        Assert.Equal(("https://www.example.org/lib", "example.org"), (document.Url, document.Source));
    }

    [Fact]
    public void ToDocument_TitleAlreadyLeadingTheText_IsNotRepeated()
    {
        string page = "<html><head><title>Short</title></head><body><article><p>Short and to the point, this story opens with its own title "
            + "and goes on for long enough to count as an article body, with several clauses, commas, and a full stop.</p>"
            + "<p>A second paragraph adds more sentences, so that the extractor sees real prose rather than a fragment of a page.</p></article></body></html>";

        var document = HtmlDocuments.ToDocument(System.Text.Encoding.UTF8.GetBytes(page), "id", "page.html", InputProblems.None);

        Assert.NotNull(document);
        Assert.StartsWith("Short and to the point", document.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.example.com/a", "example.com")]
    [InlineData("http://news.example.org:8080/x?y=1", "news.example.org")]
    [InlineData("/relative/path", null)]
    [InlineData(null, null)]
    public void Host_GivesTheSiteWithoutWww(string? url, string? host) => Assert.Equal(host, HtmlDocuments.Host(url));
}
