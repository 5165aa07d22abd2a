using NearDup.Align;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Text;

namespace NearDup.Tests.Pipeline;

public class ScanPipelineTest
{
    private static async Task<ScanResult> Scan(string path, ScanOptions? options = null, InputProblems? problems = null)
    {
        problems ??= new InputProblems();
        var reader = DocumentReaders.Open(path, problems: problems);
        return await new ScanPipeline(options).RunAsync(reader, problems, TestContext.Current.CancellationToken);
    }

    private static Relation? Find(ScanResult result, string a, string b)
    {
        int ia = result.Documents.Single(d => d.Id.StartsWith(a, StringComparison.Ordinal)).Ordinal;
        int ib = result.Documents.Single(d => d.Id.StartsWith(b, StringComparison.Ordinal)).Ordinal;
        return result.Relations.SingleOrDefault(r => (r.A == ia && r.B == ib) || (r.A == ib && r.B == ia));
    }

    private static bool Related(ScanResult result, string a, string b)
    {
        int ia = result.Documents.Single(d => d.Id.StartsWith(a, StringComparison.Ordinal)).Ordinal;
        int ib = result.Documents.Single(d => d.Id.StartsWith(b, StringComparison.Ordinal)).Ordinal;
        return result.RelatedPairs().Contains((Math.Min(ia, ib), Math.Max(ia, ib)));
    }

    [Fact]
    public async Task Seeds_Tree_ExplainsTheWireCopies_WithTwoAlignments_AndNotTheSummary()
    {
        using var result = await Scan(TestPaths.Seeds);
        Assert.Equal(5, result.Documents.Count);
        Assert.Equal(RelationsMode.Tree, result.Stats.RelationsMode);
        var copies = result.Relations.Where(r => ScanPipeline.IsLexicalCopy(r.Kind)).ToList();
        Assert.Equal(2, copies.Count); // three copies, a tree of two edges
        Assert.Equal(2, result.Stats.Alignments);
        Assert.True(Related(result, "001", "002"));
        Assert.True(Related(result, "002", "003"));
        Assert.True(Related(result, "001", "003"));
        int summary = result.Documents.Single(d => d.Id.StartsWith("004", StringComparison.Ordinal)).Ordinal;
        Assert.DoesNotContain(result.RelatedPairs(), p => p.A == summary || p.B == summary);
    }

    [Fact]
    public async Task Seeds_WireCopies_AreRelated_AndTheSummaryIsNot()
    {
        using var result = await Scan(TestPaths.Seeds, new ScanOptions { Relations = RelationsMode.All });
        Assert.Equal(5, result.Documents.Count);

        RelationKind[] copyKinds = [RelationKind.SharedSource, RelationKind.NearExact, RelationKind.Contains];
        var r12 = Find(result, "001", "002");
        var r23 = Find(result, "002", "003");
        var r13 = Find(result, "001", "003");
        Assert.NotNull(r12);
        Assert.NotNull(r23);
        Assert.NotNull(r13);
        Assert.Contains(r12.Kind, copyKinds);
        Assert.Contains(r23.Kind, copyKinds);
        Assert.Contains(r13.Kind, copyKinds);

        // Most of the shorter text's wire text is aligned.
        Assert.True(Math.Max(r12.CoverageA, r12.CoverageB) >= 0.5, $"001-002 coverage {r12.CoverageA:0.00}/{r12.CoverageB:0.00}");
        Assert.True(Math.Max(r23.CoverageA, r23.CoverageB) >= 0.6, $"002-003 coverage {r23.CoverageA:0.00}/{r23.CoverageB:0.00}");

        int summary = result.Documents.Single(d => d.Id.StartsWith("004", StringComparison.Ordinal)).Ordinal;
        Assert.DoesNotContain(result.Relations, r => r.A == summary || r.B == summary);
    }

    [Fact]
    public async Task Seeds_EveryPassage_SlicesBothOriginalsToMatchingText()
    {
        using var result = await Scan(TestPaths.Seeds);
        Assert.NotEmpty(result.Relations);
        foreach (var r in result.Relations)
        {
            string a = result.Text(r.A), b = result.Text(r.B);
            Assert.Equal(a, File.ReadAllText(result.Documents[r.A].Origin!));
            foreach (var p in r.Alignment.Passages)
            {
                var wordsA = Tokenizer.Tokenize(p.A.Slice(a).ToString()).Select(t => t.Hash).ToArray();
                var wordsB = Tokenizer.Tokenize(p.B.Slice(b).ToString()).Select(t => t.Hash).ToArray();
                Assert.Equal(p.TokensA, wordsA.Length);
                Assert.Equal(p.TokensB, wordsB.Length);
                if (p.Kind == PassageKind.Verbatim)
                {
                    Assert.Equal(wordsA, wordsB);
                }
                else
                {
                    int shared = wordsA.Intersect(wordsB).Count();
                    Assert.True(shared >= 0.5 * Math.Min(wordsA.Length, wordsB.Length), $"edited passage shares {shared} words");
                }
            }
        }
    }

    [Fact]
    public async Task Seeds_AllWireCopies_FormOneStory()
    {
        using var result = await Scan(TestPaths.Seeds);
        var story = Assert.Single(result.Stories);
        var ids = story.Members.Select(m => result.Documents[m].Id[..3]).Order().ToArray();
        Assert.Contains("001", ids);
        Assert.Contains("002", ids);
        Assert.Contains("003", ids);
        Assert.DoesNotContain("004", ids);
    }

    [Fact]
    public async Task Examples_Tree_ReportTheExcerptAsAPassageCluster()
    {
        using var result = await Scan(Path.Combine(TestPaths.RepoRoot, "examples", "news"));
        int column = result.Documents.Single(d => d.Id == "column-with-excerpt").Ordinal;
        int wire = result.Documents.Single(d => d.Id == "wire-original").Ordinal;
        Assert.DoesNotContain(result.Relations, r => r.A == column || r.B == column);
        var cluster = result.PassageClusters.First(c => c.Members.Any(m => m.Document == column));
        Assert.Contains(cluster.Members, m => m.Document == wire);
        string excerpt = cluster.Members.Single(m => m.Document == column).Span.Slice(result.Text(column)).ToString();
        Assert.StartsWith("The station's twelve underwater turbines", excerpt, StringComparison.Ordinal);
        Assert.True(Related(result, "column-with-excerpt", "wire-original"));
        Assert.Equal(RelationKind.Exact, Find(result, "aggregator-exact-copy", "wire-original")!.Kind);
    }

    [Fact]
    public async Task Examples_GiveExactContainsAndNoRelationForTheUnrelatedText()
    {
        using var result = await Scan(Path.Combine(TestPaths.RepoRoot, "examples", "news"), new ScanOptions { Relations = RelationsMode.All });
        Assert.Equal(RelationKind.Exact, Find(result, "aggregator-exact-copy", "wire-original")!.Kind);
        var trimmed = Find(result, "syndicated-trimmed", "wire-original")!;
        Assert.Equal(RelationKind.Contains, trimmed.Kind);
        Assert.NotEqual(Direction.None, trimmed.Direction);
        int football = result.Documents.Single(d => d.Id == "unrelated-football").Ordinal;
        Assert.DoesNotContain(result.Relations, r => r.A == football || r.B == football);
        Assert.NotNull(Find(result, "column-with-excerpt", "wire-original"));
    }

    [Fact]
    public async Task BadInput_IsReported_AndTheRestIsScanned()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-scan-").FullName;
        try
        {
            string wire = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "news", "wire-original.txt"));
            File.WriteAllText(Path.Combine(dir, "a.txt"), wire);
            File.WriteAllText(Path.Combine(dir, "b.txt"), "Reprinted:\n\n" + wire);
            File.WriteAllText(Path.Combine(dir, "empty.txt"), "");
            File.WriteAllBytes(Path.Combine(dir, "binary.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00]);
            File.WriteAllBytes(Path.Combine(dir, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]);

            var problems = new InputProblems();
            using var result = await Scan(dir, problems: problems);
            Assert.Equal(2, result.Stats.Problems);
            Assert.Equal(1, result.Stats.Notes);
            Assert.Contains(result.Problems, p => p.Origin.EndsWith("empty.txt", StringComparison.Ordinal));
            Assert.Contains(result.Problems, p => p.Origin.EndsWith("binary.txt", StringComparison.Ordinal));
            Assert.Contains(result.Problems, p => p.Origin.EndsWith("latin1.txt", StringComparison.Ordinal) && p.Severity == InputProblemSeverity.Note
                && p.Message.StartsWith("decoded as windows-1252 (not valid UTF-8 from byte 3)", StringComparison.Ordinal));
            Assert.Equal("café noir", result.Text(result.Documents.Single(d => d.Id == "latin1").Ordinal));
            var r = Assert.Single(result.Relations);
            Assert.Contains(r.Kind, new[] { RelationKind.NearExact, RelationKind.Contains });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Seeds_SplicedFurnitureIn003_IsReported_AndNoWireTextIs()
    {
        using var result = await Scan(TestPaths.Seeds);
        int copy = result.Documents.Single(d => d.Id.StartsWith("003", StringComparison.Ordinal)).Ordinal;
        string text = result.Text(copy);
        var spans = result.Furniture.Where(f => f.Document == copy && f.Kind == FurnitureKind.Intrusion).Select(f => f.Span.Slice(text).ToString()).ToList();
        Assert.Contains(spans, s => s.Contains("Other Topics of Interest", StringComparison.Ordinal) && s.Contains("President Zelensky praised", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Contains("To suggest a correction", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Furniture, f => f.Kind == FurnitureKind.Intrusion && result.Text(f.Document)[f.Span.Start..f.Span.End].Contains("Pyongyang", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FurnitureBeside_TheReportWrittenMeanwhile_IsTheCompleteScansReport()
    {
        var problems = new InputProblems();
        using var complete = await new ScanPipeline().RunAsync(DocumentReaders.Open(TestPaths.Seeds, problems: problems), problems, TestContext.Current.CancellationToken);
        problems = new InputProblems();
        using var beside = await new ScanPipeline().RunAsync(DocumentReaders.Open(TestPaths.Seeds, problems: problems), problems, TestContext.Current.CancellationToken,
            furnitureBeside: true);

        Assert.Equal(Report(complete), Report(beside)); // the report waits for furniture at its section, and for the stats
        Assert.True(beside.Completion.IsCompletedSuccessfully);
        Assert.Contains(beside.Furniture, f => f.Kind == FurnitureKind.Intrusion);
        Assert.Equal(complete.Stats.Stories, beside.Stats.Stories);

        // Everything but the stage times (stats.seconds, the peak working set).
        static string Report(ScanResult result)
        {
            using var json = new MemoryStream();
            NearDup.Report.JsonReport.Write(result, json);
            var report = System.Text.Json.Nodes.JsonNode.Parse(json.ToArray())!.AsObject();
            report["stats"]!.AsObject().Remove("seconds");
            report["stats"]!.AsObject().Remove("peak_working_set_bytes");
            return report.ToJsonString();
        }
    }

    [Fact]
    public async Task CandidatesOnly_ReportsPairsWithoutPassages()
    {
        using var result = await Scan(Path.Combine(TestPaths.RepoRoot, "examples", "news"), new ScanOptions { CandidatesOnly = true });
        Assert.NotEmpty(result.Relations);
        Assert.All(result.Relations, r => Assert.Empty(r.Alignment.Passages));
    }

    [Fact]
    public void Compare_AlignsTwoTextsDirectly()
    {
        const string wire = "The minister said on Tuesday that the new bridge over the river would open to traffic next spring after years of delay.";
        var relation = new ScanPipeline().Compare(wire, "BREAKING: " + wire + " Read more stories.");
        Assert.NotNull(relation);
        Assert.Equal(1.0, relation.CoverageA, 3);
    }
}
