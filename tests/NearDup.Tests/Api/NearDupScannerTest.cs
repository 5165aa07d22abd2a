using System.Runtime.CompilerServices;
using NearDup.Align;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Report;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Api;

public class NearDupScannerTest
{
    private const string Copy1 = "001_a4b0e4689b467d94";
    private const string Wire = "002_e7644f1d026796db";
    private const string Copy3 = "003_eac30baa0ffd892b";
    private const string Summary = "004_69ba99e198ece4f5";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static List<Document> SeedDocuments() =>
        [.. Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new Document(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)))];

    private static async IAsyncEnumerable<Document> Stream(IEnumerable<Document> documents, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var d in documents)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return d;
        }
    }

    private static List<(string, string, RelationKind, int)> Summary_(NearDupResult result) =>
        [.. result.Relations.Select(r => (r.A, r.B, r.Kind, r.Passages.Count))];

    [Fact]
    public async Task ScanAsync_Seeds_NameDocumentsById_AndEveryPassageSlicesBothOriginals()
    {
        var scanner = new NearDupScanner();
        using var result = await scanner.ScanAsync(TestPaths.Seeds, cancellationToken: Cancel);

        Assert.Equal(5, result.Documents.Count);
        var wire = result.Relation(Copy3, Copy1); // either order
        Assert.NotNull(wire);
        Assert.Equal((Copy1, Copy3), (wire.A, wire.B));
        Assert.Equal(RelationKind.SharedSource, wire.Kind);
        Assert.NotEmpty(wire.Passages);
        foreach (var r in result.Relations)
        {
            string a = File.ReadAllText(TestPaths.Seed(r.A[..3])), b = File.ReadAllText(TestPaths.Seed(r.B[..3]));
            Assert.Equal(a, result.Text(r.A));
            foreach (var p in r.Passages)
            {
                Assert.Equal((r.A, r.B), (p.A, p.B));
                Assert.Equal(p.SpanA.Slice(a).ToString(), result.Text(p.A, p.SpanA));
                Assert.Equal(p.SpanB.Slice(b).ToString(), result.Text(p.B, p.SpanB));
                if (p.Kind == PassageKind.Verbatim)
                {
                    Assert.False(string.IsNullOrWhiteSpace(result.Text(p.A, p.SpanA)));
                }
            }
        }

        Assert.Null(result.Relation(Summary, Wire)); // no wording in common, and the lexical preset has no semantic stage
        Assert.Throws<KeyNotFoundException>(() => result.Text("no-such-id"));
    }

    [Fact]
    public async Task ScanAsync_Stories_NameTheirMembersAndCanonicalById_WithTheirRelations()
    {
        using var result = await new NearDupScanner().ScanAsync(TestPaths.Seeds, cancellationToken: Cancel);
        var story = Assert.Single(result.Stories);
        // The copies bind; the rewrite (000) and the summary may join on the story's words alone (tf-idf average link),
        // since the lexical preset has no semantic stage to say more.
        Assert.Superset(new HashSet<string> { Copy1, Wire, Copy3 }, new HashSet<string>(story.Members));
        Assert.Contains(story.Canonical, story.Members);
        var inside = result.Relations.Where(r => story.Members.Contains(r.A) && story.Members.Contains(r.B)).ToList();
        Assert.Equal(inside, story.Relations);
    }

    [Fact]
    public async Task WriteJson_WritesTheCommandsSchema_WithTheSameRelations()
    {
        using var result = await new NearDupScanner().ScanAsync(TestPaths.Seeds, cancellationToken: Cancel);
        using var stream = new MemoryStream();
        result.WriteJson(stream);
        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        Assert.Equal("2", json.RootElement.GetProperty("schema").GetString());
        var pairs = json.RootElement.GetProperty("relations").EnumerateArray()
            .Select(r => (r.GetProperty("a").GetString(), r.GetProperty("b").GetString())).ToList();
        Assert.Equal(result.Relations.Select(r => ((string?)r.A, (string?)r.B)), pairs);
    }

    [Fact]
    public async Task WriteCsvHtmlText_WriteWhatTheCommandWrites_OneRowPerRelationAndStoryMember()
    {
        using var result = await new NearDupScanner().ScanAsync(TestPaths.Seeds, cancellationToken: Cancel);
        string Csv(CsvTable table)
        {
            using var writer = new StringWriter();
            result.WriteCsv(writer, table);
            return writer.ToString();
        }

        var relations = Csv(CsvTable.Relations).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvReport.Header, relations[0].TrimEnd('\r'));
        Assert.Equal(result.Relations.Select(r => r.A + "," + r.B), relations.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
        var stories = Csv(CsvTable.Stories).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvReport.StoriesHeader, stories[0].TrimEnd('\r'));
        Assert.Equal(result.Stories.Sum(s => s.Members.Count), stories.Length - 1);
        Assert.StartsWith(CsvReport.PassagesHeader, Csv(CsvTable.Passages), StringComparison.Ordinal);

        using var text = new StringWriter();
        result.WriteText(text);
        Assert.StartsWith("5 documents", text.ToString(), StringComparison.Ordinal);
        Assert.Contains(Copy1, text.ToString(), StringComparison.Ordinal);

        using var html = new MemoryStream();
        result.WriteHtml(html);
        string page = System.Text.Encoding.UTF8.GetString(html.ToArray());
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Copy3, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_ListAndAsyncStream_FindWhatTheFolderScanFinds()
    {
        var scanner = new NearDupScanner();
        using var folder = await scanner.ScanAsync(TestPaths.Seeds, cancellationToken: Cancel);
        using var list = await scanner.ScanAsync(SeedDocuments(), cancellationToken: Cancel);
        using var stream = await scanner.ScanAsync(Stream(SeedDocuments(), Cancel), cancellationToken: Cancel);
        Assert.NotEmpty(folder.Relations);
        Assert.Equal(Summary_(folder), Summary_(list));
        Assert.Equal(Summary_(folder), Summary_(stream));
    }

    [Fact]
    public async Task ScanAsync_Problems_GoToTheSinkAsTheyHappen_AndStayInTheResult()
    {
        var seen = new List<InputProblem>();
        var sink = new InputProblems(seen.Add);
        var docs = SeedDocuments();
        docs.Add(docs[2] with { Text = "a repeated id" });
        using var result = await new NearDupScanner().ScanAsync(docs, sink, Cancel);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(problem, Assert.Single(seen));
        Assert.Contains($"duplicate document id '{Wire}'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Stats.Problems);
        Assert.Equal($"{Wire}#2", result.Documents[^1].Id);
    }

    [Fact]
    public async Task ScanAsync_JsonLinesStream_IsSniffed_AndABadLineIsAProblemNotAnError()
    {
        var docs = SeedDocuments();
        var lines = docs.Select(d => System.Text.Json.JsonSerializer.Serialize(new { id = d.Id, text = d.Text })).ToList();
        lines.Insert(2, "{ not json");
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        using var result = await new NearDupScanner().ScanAsync(input, "upload.jsonl", cancellationToken: Cancel);

        Assert.Equal(docs.Select(d => d.Id), result.Documents.Select(d => d.Id));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(("upload.jsonl", 3L), (problem.Origin, problem.Line));
        Assert.NotNull(result.Relation(Copy1, Copy3));
    }

    [Fact]
    public async Task ScanAsync_MissingPath_IsACallerError()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => new NearDupScanner().ScanAsync(Path.Combine(TestPaths.Seeds, "missing"), cancellationToken: Cancel));
    }

    [Fact]
    public async Task ScanAsync_CrawlDedup_ReportsCandidatesWithoutPassages()
    {
        var text = TestPaths.SeedText("002");
        Document[] docs = [new("x", text), new("y", text + " One more line at the end."), new("z", TestPaths.SeedText("004"))];
        using var result = await new NearDupScanner(ScanPresets.CrawlDedup).ScanAsync(docs, cancellationToken: Cancel);
        var pair = Assert.Single(result.Relations);
        Assert.Equal(("x", "y"), (pair.A, pair.B));
        Assert.Empty(pair.Passages);
        Assert.Contains("not verified", pair.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WireCopies_AreRelatedWithPassagesIntoTheTextsGiven()
    {
        string a = TestPaths.SeedText("001"), b = TestPaths.SeedText("003");
        var r = new NearDupScanner().Compare(a, b);
        Assert.Equal(("a", "b"), (r.A, r.B));
        Assert.Equal(RelationKind.SharedSource, r.Kind);
        Assert.NotEmpty(r.Passages);
        Assert.All(r.Passages, p => Assert.False(p.SpanA.Slice(a).IsWhiteSpace() || p.SpanB.Slice(b).IsWhiteSpace()));
    }

    [Fact]
    public void Compare_UnrelatedTexts_IsNone_NotAnError()
    {
        var r = new NearDupScanner().Compare(TestPaths.SeedText("002"), "Local football club wins the cup after extra time.");
        Assert.Equal(RelationKind.None, r.Kind);
        Assert.Empty(r.Passages);
    }

    [Fact]
    public void Compare_UnderCrawlDedup_StillAligns()
    {
        string a = TestPaths.SeedText("001"), b = TestPaths.SeedText("003");
        var r = new NearDupScanner(ScanPresets.CrawlDedup).Compare(a, b);
        Assert.NotEqual(RelationKind.None, r.Kind);
        Assert.NotEmpty(r.Passages);
    }

    [Fact]
    public async Task CompareAsync_WithMiniLm_FindsTheRewriteTheLexicalStageCannot()
    {
        var original = new Document("wire", TestPaths.SeedText("002"));
        var rewrite = new Document("rewrite", TestPaths.SeedText("000"));
        var r = await new NearDupScanner(MiniLmPresets.Default).CompareAsync(rewrite, original, Cancel);
        Assert.Equal(("rewrite", "wire"), (r.A, r.B));
        Assert.Equal(RelationKind.Paraphrase, r.Kind);
        Assert.Contains(r.Passages, p => p.Kind == PassageKind.Paraphrase || p.Kind == PassageKind.Edited);
    }

    [Fact]
    public async Task CompareAsync_SameIds_IsACallerError()
    {
        var d = new Document("same", "text");
        await Assert.ThrowsAsync<ArgumentException>(() => new NearDupScanner().CompareAsync(d, d with { Text = "other" }, Cancel));
    }

    [Fact]
    public void Constructor_OptionsOutOfRange_NameTheSetting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new NearDupScanner(ScanPresets.Lexical with { BatchSize = 0 }));
        Assert.Equal("BatchSize", e.ParamName);
    }
}
