using NearDup.Cli;

namespace NearDup.Tests.Cli;

[Collection(nameof(CliCollection))]
public sealed class ReportCommandTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Report_OfASavedScan_WritesOnePage_WithTheTextsReadBackFromTheOrigins()
    {
        string json = Path.Combine(_dir, "scan.json"), html = Path.Combine(_dir, "report.html");
        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync("scan", TestPaths.Seeds, "-f", "json", "-o", json, "--semantic", "off", "--quiet")).Exit);

        CliRun run = await CliRun.InvokeAsync("report", json, "-o", html);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        string page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page, StringComparison.Ordinal);
        // The texts block holds the seed's text (its quotes are JSON-escaped, so look for plain words).
        Assert.Contains("mutual defence agreement on Wednesday", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_AsHtml_WritesTheSamePage()
    {
        string html = Path.Combine(_dir, "scan.html");

        CliRun run = await CliRun.InvokeAsync("scan", TestPaths.Seeds, "--format", "html", "-o", html, "--semantic", "off", "--quiet");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        string page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.Contains("<script type=\"application/json\" id=\"scan\">{\"schema\":\"2\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OfJsonThatIsNoScan_ExitsOne_AndSaysWhatIsMissing()
    {
        string json = Path.Combine(_dir, "other.json");
        await File.WriteAllTextAsync(json, "{\"hello\": 1}", TestContext.Current.CancellationToken);

        CliRun run = await CliRun.InvokeAsync("report", json, "-o", Path.Combine(_dir, "x.html"));

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("\"schema\"", run.Error, StringComparison.Ordinal);
        Assert.Equal([json], Directory.GetFiles(_dir));
    }
}
