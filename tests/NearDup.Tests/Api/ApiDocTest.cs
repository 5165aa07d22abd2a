#pragma warning disable IDE0005 // the docs example's using lines, kept as the docs have them
using NearDup;
using NearDup.Index;
using NearDup.Semantic.MiniLM;
#pragma warning restore IDE0005
using NearDup.Tests.Read;

namespace NearDup.Tests.Api;

/// <summary>
/// The first example of docs/API.md and the first of its index section, compiled and run: the code between each pair
/// of markers below must be the docs block (its <c>using</c> lines at the top of this file), as Sep's ReadMeTest
/// keeps its README honest.
/// </summary>
public class ApiDocTest
{
    private const string Begin = "// docs/API.md example: begin";
    private const string End = "// docs/API.md example: end";
    private const string IndexBegin = "// docs/API.md index example: begin";
    private const string IndexEnd = "// docs/API.md index example: end";
    private const string IndexHeading = "## The index";

    [Fact]
    public async Task Example_OnTheSeeds_ReportsTheWireCopies_TheRewrite_AndTheSummary()
    {
        string[] args = [TestPaths.Seeds];
        Console.Lines.Clear();
#pragma warning disable xUnit1051, IDE0011 // the docs' code: no test token, a one-line loop without braces
        // docs/API.md example: begin
        var scanner = new NearDupScanner(MiniLmPresets.Default);
        using var result = await scanner.ScanAsync(args[0]);
        foreach (var r in result.Relations)
            Console.WriteLine($"{r.Kind} {r.A} ~ {r.B}, {r.Passages.Count} shared passages");
        // docs/API.md example: end
#pragma warning restore xUnit1051, IDE0011

        var lines = Console.Lines;
        Assert.Equal(result.Relations.Count, lines.Count);
        Assert.Contains(lines, l => l.StartsWith("SharedSource 001_a4b0e4689b467d94 ~ 003_eac30baa0ffd892b, ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SharedSource 002_e7644f1d026796db ~ 003_eac30baa0ffd892b, ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Paraphrase 000_c78891ab7f299279 ~ 002_e7644f1d026796db, ", StringComparison.Ordinal));
        var summary = lines.Where(l => l.Contains("004_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(summary);
        Assert.All(summary, l => Assert.StartsWith("SameStory ", l, StringComparison.Ordinal));
        var story = Assert.Single(result.Stories);
        Assert.Equal(5, story.Members.Count);
    }

    [Fact]
    public async Task IndexExample_OnTwoWireCopies_FindsTheSiteCopy_InTheWiresStory()
    {
        using var folder = new TempFolder();
        string[] args = [folder.Path, TestPaths.Seed("001"), TestPaths.Seed("003")];
        Console.Lines.Clear();
#pragma warning disable xUnit1051, IDE0011 // the docs' code: no test token, a one-line loop without braces
        // docs/API.md index example: begin
        using var index = await NearDupIndex.OpenAsync(args[0]);   // a folder (SQLite), or redis://host:port
        await index.AddAsync([new Document("wire", File.ReadAllText(args[1]))]);
        var site = (await index.MatchAsync([new Document("site", File.ReadAllText(args[2]))]))[0];
        foreach (var r in site.Relations)
            Console.WriteLine($"{r.Kind} {r.A} ~ {r.B} in story {site.Story}, {r.Passages.Count} shared passages");
        // docs/API.md index example: end
#pragma warning restore xUnit1051, IDE0011

        Assert.Equal(IndexStatus.Matched, site.Status);
        var wire = await index.GetAsync("wire", TestContext.Current.CancellationToken);
        Assert.NotNull(wire);
        Assert.Equal(wire.Story, site.Story);
        Assert.Equal(1, site.Story);
        var line = Assert.Single(Console.Lines);
        Assert.StartsWith($"SharedSource wire ~ site in story {wire.Story}, ", line, StringComparison.Ordinal);
        Assert.Null(await index.GetAsync("site", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Example_IsTheFirstCodeBlockOfTheDocs() => AssertDocBlockIsRegion(null, Begin, End);

    [Fact]
    public void IndexExample_IsTheFirstCodeBlockOfTheIndexSection() => AssertDocBlockIsRegion(IndexHeading, IndexBegin, IndexEnd);

    // The first csharp block of docs/API.md after heading (or from the top) is the code between the markers in this
    // file, and its using lines are among this file's.
    private static void AssertDocBlockIsRegion(string? heading, string begin, string end)
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "API.md")).ReplaceLineEndings("\n");
        int from = heading is null ? 0 : doc.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(from >= 0, $"docs/API.md has no '{heading}' section");
        int open = doc.IndexOf("```csharp\n", from, StringComparison.Ordinal);
        Assert.True(open >= 0, "docs/API.md has no csharp block");
        open += "```csharp\n".Length;
        var block = doc[open..doc.IndexOf("\n```", open, StringComparison.Ordinal)].Split('\n');
        var usings = block.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        var body = block.Skip(usings.Count).SkipWhile(string.IsNullOrWhiteSpace).ToList();

        string source = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "NearDup.Tests", "Api", "ApiDocTest.cs")).ReplaceLineEndings("\n");
        var sourceLines = source.Split('\n');
        Assert.All(usings, u => Assert.Contains(u, sourceLines));
        int first = Array.FindIndex(sourceLines, l => l.Trim() == begin) + 1;
        int last = Array.FindIndex(sourceLines, l => l.Trim() == end);
        var region = sourceLines[first..last];
        int indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        Assert.Equal(body, region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList());
    }

    // Stands in for System.Console inside the example, so that the test reads what it prints.
    private static class Console
    {
        public static List<string> Lines { get; } = [];

        public static void WriteLine(string line) => Lines.Add(line);
    }
}
