using NearDup.Cli;

namespace NearDup.Tests.Cli;

/// <summary>One <c>neardup.json</c> read by every command that takes options, each taking the keys it has.</summary>
[Collection(nameof(CliCollection))]
public sealed class CommandSettingsTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-settings-all-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task OneFile_SetsTheIndexOfIndexAndExplain_AndTheKeepOfDedup_EachCommandPassingOverTheOthersKeys()
    {
        string index = Path.Combine(_dir, "index");
        string config = await WriteAsync($$"""{ "index": {{System.Text.Json.JsonSerializer.Serialize(index)}}, "semantic": "off", "quiet": true, "keep": "first" }""");
        string id1 = Path.GetFileNameWithoutExtension(TestPaths.Seed("001")), id2 = Path.GetFileNameWithoutExtension(TestPaths.Seed("002"));

        CliRun add = await CliRun.InvokeAsync("index", "add", TestPaths.Seed("001"), TestPaths.Seed("002"), "--config", config);
        CliRun explain = await CliRun.InvokeAsync("explain", id1, id2, "--config", config);
        string input = await CorpusAsync();
        CliRun dedup = await CliRun.InvokeAsync("dedup", input, "-o", Path.Combine(_dir, "out.jsonl"), "--config", config);
        CliRun scan = await CliRun.InvokeAsync("scan", input, "-f", "json", "-o", Path.Combine(_dir, "scan.json"), "--config", config);

        Assert.True(add.Exit == ExitCodes.Ok, add.Error);
        Assert.Contains("the index holds 2 documents", add.Output, StringComparison.Ordinal);
        Assert.True(explain.Exit == ExitCodes.Ok, explain.Error);
        Assert.Contains("In the index: shared_source recorded", explain.Output, StringComparison.Ordinal);
        Assert.Contains("not judged: the semantic stage is off", explain.Output, StringComparison.Ordinal);
        Assert.True(dedup.Exit == ExitCodes.Ok, dedup.Error);
        Assert.Contains("\"short\"", await File.ReadAllTextAsync(Path.Combine(_dir, "out.jsonl"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(scan.Exit == ExitCodes.Ok, scan.Error);
    }

    [Fact]
    public async Task ACommandsOwnSection_WinsOverTheSharedKeys_AndTheCommandLineOverBoth()
    {
        string config = await WriteAsync("""{ "keep": "complete", "dedup": { "keep": "first", "quiet": true } }""");
        string input = await CorpusAsync(), output = Path.Combine(_dir, "out.jsonl");

        CliRun fromSection = await CliRun.InvokeAsync("dedup", input, "-o", output, "--config", config);
        string kept = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        CliRun fromLine = await CliRun.InvokeAsync("dedup", input, "-o", output, "--config", config, "--keep", "complete");

        Assert.Equal(ExitCodes.Ok, fromSection.Exit);
        Assert.Contains("\"short\"", kept, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, fromLine.Exit);
        Assert.Contains("\"long\"", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequiredOption_MayComeFromTheFile_AndMissingFromBoth_IsNamed()
    {
        string index = Path.Combine(_dir, "index");
        string config = await WriteAsync($$"""{ "index": {{System.Text.Json.JsonSerializer.Serialize(index)}} }""");

        CliRun stats = await CliRun.InvokeAsync("index", "stats", "--config", config);
        CliRun missing = await CliRun.InvokeAsync("dedup", await CorpusAsync(), "--config", config);

        Assert.True(stats.Exit == ExitCodes.Ok, stats.Error);
        Assert.Contains("\"documents\": 0", stats.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, missing.Exit);
        Assert.Contains("neardup dedup: option '--output' is required: give it on the command line, or as \"output\" in neardup.json", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "colur": "blue" }""", "unknown setting \"colur\": no command takes it; allowed for neardup dedup:", "keep")]
    [InlineData("""{ "count": 100 }""", "unknown setting \"count\": no command takes it", "keep")]
    [InlineData("""{ "dedup": { "semantic": "off" } }""", "unknown setting \"dedup.semantic\": neardup dedup has no option --semantic; allowed:", "duplicates")]
    [InlineData("""{ "dedup": "first" }""", "\"dedup\" names a command: its value must be an object of that command's settings, not string", "")]
    [InlineData("""{ "keep": "last" }""", "setting \"keep\": \"last\" is not allowed:", "'complete'")]
    [InlineData("""{ "threads": "many" }""", "setting \"threads\": \"many\" is not a whole number", "")]
    [InlineData("""{ "quiet": "yes" }""", "setting \"quiet\": \"yes\" is not true or false", "")]
    [InlineData("""{ "keep": null }""", "setting \"keep\" must be a string, a number, true or false, not null", "")]
    [InlineData("""{ "keep": ["first"] }""", "setting \"keep\" must be a string, a number, true or false, not array", "")]
    [InlineData("""{ "duplicates": ["exact", "paraphrase"] }""", "setting \"duplicates\": [\"exact\", \"paraphrase\"] is not allowed:", "shared_source")]
    [InlineData("""{ "duplicates": [["exact"]] }""", "setting \"duplicates\": each item must be a string or a number, not array", "")]
    [InlineData("""[ "keep" ]""", "the settings must be one JSON object, not array", "")]
    public async Task AMistakeInTheFile_ExitsOne_NamingTheKey_TheValueGiven_AndWhatIsAllowed(string json, string expected, string allowed)
    {
        string config = await WriteAsync(json);

        CliRun run = await CliRun.InvokeAsync("dedup", await CorpusAsync(), "-o", Path.Combine(_dir, "out.jsonl"), "--config", config);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.StartsWith("neardup dedup: " + config + ": ", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains(allowed, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListSetting_TakesAJsonArray()
    {
        string config = await WriteAsync("""{ "duplicates": ["exact", "near_exact", "contains", "shared_source"], "quiet": true }""");

        CliRun run = await CliRun.InvokeAsync("dedup", await CorpusAsync(), "-o", Path.Combine(_dir, "out.jsonl"), "--config", config);

        Assert.True(run.Exit == ExitCodes.Ok, run.Error);
    }

    private async Task<string> CorpusAsync()
    {
        string input = Path.Combine(_dir, "corpus.jsonl");
        string story = string.Join(' ', Enumerable.Range(0, 80).Select(i => "word" + i));
        await File.WriteAllLinesAsync(input, [
            "{\"id\":\"short\",\"text\":\"" + story + "\"}",
            "{\"id\":\"long\",\"text\":\"" + story + " and a last line with more words in it for the longer copy\"}",
        ], TestContext.Current.CancellationToken);
        return input;
    }

    private async Task<string> WriteAsync(string json)
    {
        string path = Path.Combine(_dir, "neardup.json");
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        return path;
    }
}
