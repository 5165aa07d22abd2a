using System.Text.Json;
using Microsoft.Playwright;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Report;

namespace NearDup.Tests.Report;

/// <summary>
/// The HTML report opened in a real browser: Debian's Chromium (CI installs it), driven by Playwright with
/// <c>ExecutablePath</c> set, so that no browser is downloaded. Skipped, with a message, where no Chromium is installed.
/// </summary>
public sealed class HtmlReportBrowserTest : IDisposable
{
    private const string Seed002 = "002_e7644f1d026796db";
    private const string Seed003 = "003_eac30baa0ffd892b";
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-html-").FullName;

    /// <summary>Where the screenshots go (docs/report-pair.png is one of them, copied by hand).</summary>
    public static string ScreenshotFolder => Path.Combine(Path.GetTempPath(), "neardup-report-screenshots");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Seeds_PairView_Of002And003_HighlightsPassages_WhoseTextIsTheOffsetsText()
    {
        using var result = await ScanAsync(DocumentReaders.Open(TestPaths.Seeds));
        string html = WriteReport(result);
        var relation = result.Relations.Single(r => result.Documents[r.A].Id == Seed002 && result.Documents[r.B].Id == Seed003);
        Assert.NotEmpty(relation.Alignment.Passages);

        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(PairUrl(html, Seed002, Seed003));
        await page.WaitForSelectorAsync("mark[data-side]");

        var marks = await Marks(page);
        string textA = result.Text(relation.A), textB = result.Text(relation.B);
        for (int i = 0; i < relation.Alignment.Passages.Count; i++)
        {
            var p = relation.Alignment.Passages[i];
            var a = marks.Single(m => m.Side == "a" && m.Passage == i);
            var b = marks.Single(m => m.Side == "b" && m.Passage == i);
            Assert.Equal((p.A.Start, p.A.End), (a.Start, a.End));
            Assert.Equal((p.B.Start, p.B.End), (b.Start, b.End));
            Assert.Equal(p.A.Slice(textA).ToString(), a.Text);
            Assert.Equal(p.B.Slice(textB).ToString(), b.Text);
            Assert.Equal(a.Kind, b.Kind);
        }

        Directory.CreateDirectory(ScreenshotFolder);
        string shot = Path.Combine(ScreenshotFolder, "report-pair.png");
        await page.ScreenshotAsync(new() { Path = shot });
        Assert.True(new FileInfo(shot).Length > 10_000);
        TestContext.Current.SendDiagnosticMessage("screenshot: " + shot);

        // A click on a passage moves the focus to its partner on the other side.
        await page.ClickAsync("#pa-1");
        Assert.Equal("pb-1", await page.EvaluateAsync<string>("document.activeElement.id"));

    }

    [Fact]
    public async Task HostileHtml_InADocument_IsShownAsText_AndNeverRuns()
    {
        const string Attack = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"></script><!-- ";
        string body = string.Join(' ', Enumerable.Range(0, 60).Select(i => "word" + i));
        var documents = new[]
        {
            new Document("evil</script>", Attack + body),
            new Document("copy\"><b>", body + " " + Attack),
        };
        using var result = await ScanAsync(new MemoryReader(documents));
        Assert.NotEmpty(result.Relations);
        string html = WriteReport(result);
        Assert.DoesNotContain("<img src=x", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        foreach (string url in new[] { new Uri(html).AbsoluteUri, new Uri(html).AbsoluteUri + "#relations", PairUrl(html, documents[0].Id, documents[1].Id) })
        {
            await page.GotoAsync(url);
            await page.WaitForSelectorAsync("html[data-ready=true]");
        }

        await page.WaitForSelectorAsync("pre.text");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.pwned"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('main img, main script, main b').length"));
        string shown = await page.EvaluateAsync<string>("[...document.querySelectorAll('pre.text')].map(p => p.textContent).join('\\n')");
        Assert.Contains(Attack, shown, StringComparison.Ordinal);
    }

    private static async Task<ScanResult> ScanAsync(IDocumentReader reader)
    {
        var problems = new InputProblems();
        return await new ScanPipeline(ScanPresets.Lexical).RunAsync(reader, problems, TestContext.Current.CancellationToken);
    }

    private string WriteReport(ScanResult result)
    {
        string path = Path.Combine(_dir, "report.html");
        using (var stream = File.Create(path))
        {
            HtmlReport.Write(result, stream);
        }

        return path;
    }

    private static string PairUrl(string html, string a, string b) =>
        new Uri(html).AbsoluteUri + "#pair/" + Uri.EscapeDataString(a) + "/" + Uri.EscapeDataString(b);

    private static async Task<IReadOnlyList<Mark>> Marks(IPage page)
    {
        string json = await page.EvaluateAsync<string>(
            "JSON.stringify([...document.querySelectorAll('mark[data-side]')].map(m => ({ side: m.dataset.side, passage: +m.dataset.passage, " +
            "start: +m.dataset.start, end: +m.dataset.end, kind: m.dataset.kind, text: m.textContent })))");
        return JsonSerializer.Deserialize<List<Mark>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static async Task<Browser> LaunchAsync()
    {
        string? chromium = Chromium.Find();
        if (chromium is null)
        {
            Assert.Skip("No Chromium installed (looked for $NEARDUP_CHROMIUM, chromium, chromium-browser, google-chrome on PATH): apt-get install -y chromium. CI installs it.");
        }

        var playwright = await Playwright.CreateAsync();
        // As root (CI) Chromium's sandbox cannot start; the page is our own file.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        return new Browser(playwright, browser);
    }

    private sealed record Mark(string Side, int Passage, int Start, int End, string Kind, string Text);

    private sealed class Browser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null) => browser.NewPageAsync(options);

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
