using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Semantic.MiniLM;
using NearDup.Tests.Semantic;

namespace NearDup.Tests.Pipeline;

public class SemanticScanTest
{
    private static ScanOptions Options(bool minilm) => new()
    {
        Semantic = new SemanticScanOptions
        {
            CandidateEncoder = StaticEmbeddingEncoder.Default,
            VerifyEncoder = minilm ? SemanticTestData.Encoder : null,
        },
    };

    private static async Task<ScanResult> Scan(string dir, bool minilm = true, RelationsMode relations = RelationsMode.Tree)
    {
        var problems = new InputProblems();
        return await new ScanPipeline(Options(minilm) with { Relations = relations }).RunAsync(DocumentReaders.Open(dir, problems: problems), problems, TestContext.Current.CancellationToken);
    }

    private static Relation? Find(ScanResult result, string a, string b)
    {
        int ia = result.Documents.Single(d => d.Id.StartsWith(a, StringComparison.Ordinal)).Ordinal;
        int ib = result.Documents.Single(d => d.Id.StartsWith(b, StringComparison.Ordinal)).Ordinal;
        return result.Relations.SingleOrDefault(r => (r.A == ia && r.B == ib) || (r.A == ib && r.B == ia));
    }

    [Fact]
    public async Task Seeds_Rewrite_IsParaphrase_Summary_IsSameStory_AllOneStory()
    {
        using var result = await Scan(TestPaths.Seeds);
        var rewrite = Find(result, "000", "002");
        Assert.NotNull(rewrite);
        Assert.Equal(RelationKind.Paraphrase, rewrite.Kind);
        Assert.True(rewrite.Alignment.Passages.Count >= 10, $"{rewrite.Alignment.Passages.Count} sentences aligned");
        string a = result.Text(rewrite.A), b = result.Text(rewrite.B);
        Assert.All(rewrite.Alignment.Passages, p => Assert.False(p.A.Slice(a).IsWhiteSpace() || p.B.Slice(b).IsWhiteSpace()));

        foreach (string other in new[] { "001", "003" })
        {
            var r = Find(result, "000", other);
            Assert.NotNull(r);
            Assert.Contains(r.Kind, new[] { RelationKind.Paraphrase, RelationKind.SameStory, RelationKind.Partial });
        }

        // Tree mode explains 004's place in the story by at least one same_story relation.
        string[] others = ["000", "001", "002", "003"];
        Assert.Contains(others, other => Find(result, "004", other)?.Kind == RelationKind.SameStory);

        var story = Assert.Single(result.Stories);
        Assert.Equal(5, story.Members.Count);
    }

    [Fact]
    public async Task Seeds_AllRelations_SummaryIsSameStoryWithEveryMember()
    {
        using var result = await Scan(TestPaths.Seeds, relations: RelationsMode.All);
        foreach (string other in new[] { "000", "001", "002", "003" })
        {
            Assert.Equal(RelationKind.SameStory, Find(result, "004", other)?.Kind);
        }

        Assert.Equal(5, Assert.Single(result.Stories).Members.Count);
    }

    [Fact]
    public async Task UnrelatedNews_JoinsNoStory()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-sem-").FullName;
        try
        {
            foreach (string seed in Directory.GetFiles(TestPaths.Seeds))
            {
                File.Copy(seed, Path.Combine(dir, Path.GetFileName(seed)));
            }

            File.WriteAllText(Path.Combine(dir, "x-earthquake.txt"), UnrelatedNews.Earthquake);
            File.WriteAllText(Path.Combine(dir, "x-rates.txt"), UnrelatedNews.RateDecision);
            using var result = await Scan(dir, minilm: false);
            var unrelated = result.Documents.Where(d => d.Id.StartsWith("x-", StringComparison.Ordinal)).Select(d => d.Ordinal).ToHashSet();
            Assert.DoesNotContain(result.Relations, r => unrelated.Contains(r.A) || unrelated.Contains(r.B));
            Assert.All(result.Stories, s => Assert.DoesNotContain(s.Members, unrelated.Contains));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
