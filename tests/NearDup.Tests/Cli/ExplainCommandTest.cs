using NearDup.Cli;

namespace NearDup.Tests.Cli;

[Collection(nameof(CliCollection))]
public sealed class ExplainCommandTest
{
    [Fact]
    public async Task Explain_001And002_PrintsThePassages_AndTheNumbers()
    {
        CliRun run = await CliRun.InvokeAsync("explain", "001", "002", "--corpus", TestPaths.Seeds, "--semantic", "off");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        string text = run.Output;
        Assert.Contains("Verdict: shared_source", text, StringComparison.Ordinal);
        Assert.Contains("Jaccard: exact 0.", text, StringComparison.Ordinal);
        Assert.Contains("MinHash estimate", text, StringComparison.Ordinal);
        Assert.Contains("containment: A in B", text, StringComparison.Ordinal);
        Assert.Contains("[met] shared_source", text, StringComparison.Ordinal);
        Assert.Contains("[missed] near_exact", text, StringComparison.Ordinal);
        Assert.Contains("passage 1:", text, StringComparison.Ordinal);
        // A passage line quotes the text at its offsets.
        string a = TestPaths.SeedText("001");
        string line = text.Split('\n').First(l => l.TrimStart().StartsWith("A [", StringComparison.Ordinal));
        int start = int.Parse(line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("\"" + a[start..(start + 20)], line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_001And004_SaysWhyNoLexicalRelation_AndWhyOneStory()
    {
        CliRun run = await CliRun.InvokeAsync("explain", "001", "004", "--corpus", TestPaths.Seeds);

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Contains("Verdict: same_story", run.Output, StringComparison.Ordinal);
        Assert.Contains("Lexical relation: none", run.Output, StringComparison.Ordinal);
        Assert.Contains("Why none:", run.Output, StringComparison.Ordinal);
        Assert.Contains("[met] document cosine", run.Output, StringComparison.Ordinal);
        Assert.Contains("[met] sentences stating the same facts", run.Output, StringComparison.Ordinal);
        Assert.Contains("Why one story:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Same-fact sentence pairs", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TwoFiles_ComparesThem()
    {
        CliRun run = await CliRun.InvokeAsync("explain", TestPaths.Seed("002"), TestPaths.Seed("003"), "--semantic", "off");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        Assert.Contains("Verdict: shared_source", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TwoDocumentsOfAnIndex_ExplainsThem_AndShowsWhatTheIndexRecorded()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-explain-index-").FullName;
        try
        {
            string index = Path.Combine(dir, "index");
            string id1 = Path.GetFileNameWithoutExtension(TestPaths.Seed("001")), id2 = Path.GetFileNameWithoutExtension(TestPaths.Seed("002"));
            Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync("index", "add", TestPaths.Seed("001"), TestPaths.Seed("002"), TestPaths.Seed("004"), "--index", index, "--quiet")).Exit);

            CliRun run = await CliRun.InvokeAsync("explain", id1, id2, "--store", index, "--semantic", "off");

            Assert.True(run.Exit == ExitCodes.Ok, run.Error);
            Assert.Contains("A: " + id1, run.Output, StringComparison.Ordinal);
            Assert.Contains("Verdict: shared_source", run.Output, StringComparison.Ordinal);
            Assert.Contains("In the index: shared_source recorded", run.Output, StringComparison.Ordinal);
            Assert.Contains("[met] shared_source", run.Output, StringComparison.Ordinal);
            Assert.Contains("passage 1:", run.Output, StringComparison.Ordinal);
            // The passages quote the text the index kept, at its offsets.
            string a = TestPaths.SeedText("001");
            string line = run.Output.Split('\n').First(l => l.TrimStart().StartsWith("A [", StringComparison.Ordinal));
            int start = int.Parse(line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("\"" + a[start..(start + 20)], line, StringComparison.Ordinal);

            CliRun missing = await CliRun.InvokeAsync("explain", id1, "nope", "--index", index, "--semantic", "off");
            Assert.Equal(ExitCodes.Failed, missing.Exit);
            Assert.Contains("'nope'", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Explain_AnIdNotInTheCorpus_ExitsOne_AndSaysSo()
    {
        CliRun run = await CliRun.InvokeAsync("explain", "001", "999", "--corpus", TestPaths.Seeds, "--semantic", "off");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("'999'", run.Error, StringComparison.Ordinal);
    }
}
