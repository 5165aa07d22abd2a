using NearDup.Cli;
using NearDup.Report;

namespace NearDup.Tests.Cli;

[Collection(nameof(CliCollection))]
public sealed class ScanCommandTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-cli-").FullName;

    private static string Example => Path.Combine(TestPaths.RepoRoot, "examples", "news");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_OfTheExample_WithDefaults_ExitsZero_AndListsTheStory()
    {
        string report = Path.Combine(_dir, "report.txt");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--output", report);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Equal(string.Empty, run.Problems);
        string text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
        string stories = text[text.IndexOf("Stories:", StringComparison.Ordinal)..];
        foreach (string id in new[] { "wire-original", "aggregator-exact-copy", "syndicated-trimmed", "syndicated-with-furniture" })
        {
            Assert.Contains(id, stories, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scan_AsJson_WritesTheDocumentedSchema()
    {
        string report = Path.Combine(_dir, "report.json");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--format", "json", "--semantic", "off", "--output", report);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.False(File.Exists(report + ".partial"), "the report is written beside and moved in place");
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        Assert.Equal(6, json.RootElement.GetProperty("documents").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("stories").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task Scan_AsCsvToAFile_WritesTheStoriesAndPassagesTablesBesideIt_AsTheLibraryWritesThem()
    {
        string report = Path.Combine(_dir, "report.csv");
        var cancel = TestContext.Current.CancellationToken;

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--format", "csv", "--semantic", "off", "--output", report);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        using var result = await new NearDupScanner().ScanAsync(Example, cancellationToken: cancel);
        foreach (var (file, table) in new[] { (report, CsvTable.Relations), (Path.Combine(_dir, "report.stories.csv"), CsvTable.Stories), (Path.Combine(_dir, "report.passages.csv"), CsvTable.Passages) })
        {
            using var expected = new StringWriter();
            result.WriteCsv(expected, table);
            Assert.Equal(expected.ToString(), await File.ReadAllTextAsync(file, cancel));
        }
    }

    [Fact]
    public async Task Scan_ToAFolderThatDoesNotExist_ExitsOne_AndNamesThePath_WithoutAStackTrace()
    {
        string report = Path.Combine(_dir, "no-such-folder", "report.json");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--output", report, "--quiet");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.StartsWith("neardup scan: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(report, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_OfAMissingPath_ExitsOne_AndNamesThePath()
    {
        string missing = Path.Combine(_dir, "no-such-folder");

        CliRun run = await CliRun.InvokeAsync("scan", missing, "--semantic", "off");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("input not found", run.Error, StringComparison.Ordinal);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithAnUnknownSemanticMode_ExitsOne_AndSaysWhichValuesAreAllowed()
    {
        CliRun run = await CliRun.InvokeAsync("scan", Example, "--semantic", "bert");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("bert", run.Error, StringComparison.Ordinal);
        Assert.Contains("minilm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithAThresholdOutOfRange_ExitsOne_AndNamesTheOption()
    {
        CliRun run = await CliRun.InvokeAsync("scan", Example, "--semantic", "off", "--threshold", "1.5");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.StartsWith("neardup scan: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("hreshold", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithANonNumericOption_ExitsOne()
    {
        CliRun run = await CliRun.InvokeAsync("scan", Example, "--permutations", "many");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("many", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithUnreadableLines_ExitsThree_AndSaysWhereOnStandardError()
    {
        string input = Path.Combine(_dir, "docs.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\":\"a\",\"text\":\"one two three four five six\"}\n{not json\n", TestContext.Current.CancellationToken);

        CliRun run = await CliRun.InvokeAsync("scan", input, "--semantic", "off", "--output", Path.Combine(_dir, "out.txt"));

        Assert.Equal(ExitCodes.InputSkipped, run.Exit);
        Assert.Contains("skipped: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("docs.jsonl", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsOne()
    {
        CliRun run = await CliRun.InvokeAsync("dedupe", Example);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.NotEqual(string.Empty, run.Error);
    }
}
