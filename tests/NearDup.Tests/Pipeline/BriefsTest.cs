using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Segment;

namespace NearDup.Tests.Pipeline;

/// <summary>
/// Short briefs and excerpts: two, three or five sentences of a wire story, each on a line of its own under a headline
/// of their own, are found as copies (contains or shared_source) of their source and of each other.
/// </summary>
public class BriefsTest
{
    private static readonly int[] Sizes = [2, 3, 5];

    // Briefs copy sentences from the middle of seed 002 (the wire story), all from the same one on: the shorter
    // briefs are excerpts of the longer ones too.
    private static List<Document> Corpus()
    {
        string wire = TestPaths.SeedText("002");
        var sentences = Segmenter.Segment(wire).Sentences.Select(s => wire[s.Start..s.End]).Where(s => s.Split(' ').Length >= 8).ToList();
        var documents = new List<Document> { new("wire", wire) };
        for (int k = 0; k < Sizes.Length; k++)
        {
            var copied = sentences.Skip(4).Take(Sizes[k]);
            documents.Add(new Document($"brief{Sizes[k]}", $"In brief, item {k + 1}\n" + string.Join("\n", copied)));
        }

        documents.Add(new Document("unrelated", TestPaths.SeedText("004")));
        return documents;
    }

    private static async Task<ScanResult> Scan(RelationsMode mode)
    {
        var problems = new InputProblems();
        return await new ScanPipeline(new ScanOptions { Relations = mode }).RunAsync(new MemoryReader(Corpus()), problems,
            TestContext.Current.CancellationToken);
    }

    private static bool IsCopy(Relation r) => r.Kind is RelationKind.Contains or RelationKind.SharedSource or RelationKind.NearExact;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Brief_OfCopiedSentences_IsACopyOfItsSource(int size)
    {
        using var result = await Scan(RelationsMode.All);
        int wire = result.Documents.Single(d => d.Id == "wire").Ordinal;
        int brief = result.Documents.Single(d => d.Id == $"brief{size}").Ordinal;

        var relation = Assert.Single(result.Relations, r => (r.A, r.B) == (Math.Min(wire, brief), Math.Max(wire, brief)));
        Assert.True(IsCopy(relation), $"brief{size} ~ wire: {relation.Kind} ({relation.Reason})");
    }

    [Fact]
    public async Task Briefs_SharingSentences_AreCopiesOfEachOther_AndOneStoryWithTheirSource()
    {
        using var result = await Scan(RelationsMode.All);
        var briefs = result.Documents.Where(d => d.Id.StartsWith("brief", StringComparison.Ordinal)).Select(d => d.Ordinal).ToList();
        for (int i = 0; i < briefs.Count; i++)
        {
            for (int j = i + 1; j < briefs.Count; j++)
            {
                var relation = Assert.Single(result.Relations, r => (r.A, r.B) == (briefs[i], briefs[j]));
                Assert.True(IsCopy(relation), $"{briefs[i]} ~ {briefs[j]}: {relation.Kind} ({relation.Reason})");
            }
        }

        var story = Assert.Single(result.Stories, s => s.Members.Contains(briefs[0]));
        Assert.Superset(briefs.Append(result.Documents.Single(d => d.Id == "wire").Ordinal).ToHashSet(), story.Members.ToHashSet());
    }

    [Fact]
    public async Task TreeMode_ExplainsEveryBriefPair_ThroughCopyRelations()
    {
        using var result = await Scan(RelationsMode.Tree);
        var related = result.RelatedPairs().ToHashSet();
        var ids = new[] { "wire", "brief2", "brief3", "brief5" }.Select(id => result.Documents.Single(d => d.Id == id).Ordinal).Order().ToList();
        for (int i = 0; i < ids.Count; i++)
        {
            for (int j = i + 1; j < ids.Count; j++)
            {
                Assert.Contains((ids[i], ids[j]), related);
            }
        }

        int unrelated = result.Documents.Single(d => d.Id == "unrelated").Ordinal;
        Assert.DoesNotContain(result.Relations, r => (r.A == unrelated || r.B == unrelated) && IsCopy(r));
    }
}
