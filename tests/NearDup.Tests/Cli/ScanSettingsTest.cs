using NearDup.Cli;

namespace NearDup.Tests.Cli;

/// <summary><c>neardup scan --config neardup.json</c>: settings from a file, under the command line.</summary>
[Collection(nameof(CliCollection))]
public sealed class ScanSettingsTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-settings-").FullName;

    private static string Example => Path.Combine(TestPaths.RepoRoot, "examples", "news");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Settings_FromTheFile_AreUsed_AndTheCommandLineWins()
    {
        string config = await WriteAsync("""{ "semantic": "off", "format": "json", "quiet": true, "threshold": 0.6 }""");

        string json = Path.Combine(_dir, "out.json"), csv = Path.Combine(_dir, "out.csv");

        CliRun fromFile = await CliRun.InvokeAsync("scan", Example, "--config", config, "-o", json);
        CliRun overridden = await CliRun.InvokeAsync("scan", Example, "--config", config, "--format", "csv", "-o", csv);

        Assert.Equal(ExitCodes.Ok, fromFile.Exit);
        Assert.Equal(string.Empty, fromFile.Error);
        Assert.StartsWith("{", await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, overridden.Exit);
        Assert.StartsWith("a,b,kind", await File.ReadAllTextAsync(csv, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownSetting_ExitsOne_NamesIt_AndListsTheAllowedOnes()
    {
        string config = await WriteAsync("""{ "colour": "blue" }""");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains(config, run.Error, StringComparison.Ordinal);
        Assert.Contains("unknown setting \"colour\"", run.Error, StringComparison.Ordinal);
        Assert.Contains("semantic", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueNotAllowed_ExitsOne_AndListsTheAllowedValues()
    {
        string config = await WriteAsync("""{ "semantic": "bert" }""");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("bert", run.Error, StringComparison.Ordinal);
        Assert.Contains("minilm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueOfTheWrongType_ExitsOne_AndSaysWhatIsAllowed()
    {
        string config = await WriteAsync("""{ "threshold": [0.5] }""");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("\"threshold\" must be a string, a number, true or false, not array", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNotJson_ExitsOne_AndSaysWhere()
    {
        string config = await WriteAsync("{ \"semantic\": \"off\",\n  \"threshold\" 0.5 }");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFile_ExitsOne_AndNamesIt()
    {
        string config = Path.Combine(_dir, "none.json");

        CliRun run = await CliRun.InvokeAsync("scan", Example, "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("settings file not found: " + config, run.Error, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string json)
    {
        string path = Path.Combine(_dir, "neardup.json");
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        return path;
    }
}
