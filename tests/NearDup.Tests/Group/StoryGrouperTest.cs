using NearDup.Align;
using NearDup.Group;
using NearDup.Relate;

namespace NearDup.Tests.Group;

public class StoryGrouperTest
{
    private static Relation Rel(int a, int b, RelationKind kind, double ca = 0.9, double cb = 0.9) =>
        new(a, b, kind, Direction.None, ca, cb, 1, Alignment.None, kind.ToString());

    [Fact]
    public void ChainOfRelations_IsOneStory_WithTheLongestAsCanonical()
    {
        var stories = new StoryGrouper().Group(
            5,
            [Rel(0, 1, RelationKind.SharedSource), Rel(1, 2, RelationKind.Contains)],
            [300, 800, 500, 100, 100]);
        var s = Assert.Single(stories);
        Assert.Equal([0, 1, 2], s.Members);
        Assert.Equal(1, s.Canonical);
        Assert.Equal(2, s.Relations.Count);
    }

    [Fact]
    public void CanonicalTies_GoToEarliestPublished_ThenSmallestOrdinal()
    {
        var t0 = new DateTimeOffset(2024, 6, 19, 8, 0, 0, TimeSpan.Zero);
        var grouper = new StoryGrouper();
        var relations = new[] { Rel(0, 1, RelationKind.NearExact), Rel(1, 2, RelationKind.NearExact) };
        var s = Assert.Single(grouper.Group(3, relations, [400, 400, 400], [t0.AddHours(2), t0, null]));
        Assert.Equal(1, s.Canonical);
        s = Assert.Single(grouper.Group(3, relations, [400, 400, 400]));
        Assert.Equal(0, s.Canonical);
    }

    [Fact]
    public void SmallPartialOverlaps_DoNotChainUnrelatedStories()
    {
        // 0-1 and 2-3 are two stories; 4 is a round-up quoting one paragraph of each.
        var stories = new StoryGrouper().Group(
            5,
            [
                Rel(0, 1, RelationKind.SharedSource),
                Rel(2, 3, RelationKind.NearExact),
                Rel(4, 0, RelationKind.Partial, 0.1, 0.25),
                Rel(4, 2, RelationKind.Partial, 0.1, 0.3),
            ],
            [500, 400, 300, 300, 2000]);
        Assert.Equal(2, stories.Count);
        Assert.Equal([0, 1], stories[0].Members);
        Assert.Equal([2, 3], stories[1].Members);
    }

    [Fact]
    public void SubstantialPartialOverlap_IsEvidence_NotABond()
    {
        var relations = new[] { Rel(0, 1, RelationKind.Partial, 0.4, 0.35) };
        Assert.Empty(new StoryGrouper().Group(2, relations, [100, 120]));
        var stories = new StoryGrouper(new GroupOptions { WeakLinkSimilarity = 0.5 }).Group(2, relations, [100, 120]);
        Assert.Equal([0, 1], Assert.Single(stories).Members);
    }

    [Fact]
    public void Singletons_AreOmitted_UnlessAskedFor()
    {
        var relations = new[] { Rel(1, 2, RelationKind.Exact) };
        Assert.Single(new StoryGrouper().Group(4, relations, [1, 1, 1, 1]));
        var all = new StoryGrouper(new GroupOptions { IncludeSingletons = true }).Group(4, relations, [1, 1, 1, 1]);
        Assert.Equal(3, all.Count);
        Assert.Equal([0], all[0].Members);
        Assert.Equal([1, 2], all[1].Members);
        Assert.Equal([3], all[2].Members);
        Assert.Equal([0, 1, 2], all.Select(s => s.Id));
    }

    [Fact]
    public void OrdinalOutOfRange_ThrowsNamingTheRelation()
    {
        var e = Assert.Throws<ArgumentException>(() => new StoryGrouper().Group(2, [Rel(0, 5, RelationKind.Exact)], [1, 1]));
        Assert.Contains("(0, 5)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenCountsOfWrongLength_Throw() =>
        Assert.Throws<ArgumentException>(() => new StoryGrouper().Group(3, [], [1, 1]));

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool Output_IsAPartition_OfTheJoinedDocuments_WithCanonicalTheLongest(int[] pairSeeds, int countSeed)
    {
        int n = (Math.Abs(countSeed) % 30) + 1;
        var kinds = new[] { RelationKind.Exact, RelationKind.Contains, RelationKind.Partial, RelationKind.SharedSource };
        var relations = new List<Relation>();
        foreach (int seed in pairSeeds ?? [])
        {
            int a = Math.Abs(seed % n), b = Math.Abs((seed / 31) % n);
            if (a != b)
            {
                double cov = Math.Abs(seed % 100) / 100.0;
                relations.Add(Rel(a, b, kinds[Math.Abs(seed / 7) % kinds.Length], cov, cov));
            }
        }

        var tokens = Enumerable.Range(0, n).Select(d => ((d * 37) % 11) + 1).ToArray();
        var stories = new StoryGrouper().Group(n, relations, tokens);
        var seen = new HashSet<int>();
        foreach (var s in stories)
        {
            foreach (int m in s.Members)
            {
                if (!seen.Add(m))
                {
                    return false; // a document in two stories
                }
            }

            if (!s.Members.Contains(s.Canonical) || s.Members.Any(m => tokens[m] > tokens[s.Canonical]))
            {
                return false;
            }
        }

        // Every binding relation has both ends in one story; no story has one member.
        var storyOf = stories.SelectMany(s => s.Members.Select(m => (m, s.Id))).ToDictionary(p => p.m, p => p.Id);
        foreach (var r in relations)
        {
            bool binds = r.Kind != RelationKind.Partial;
            if (binds && (!storyOf.TryGetValue(r.A, out int sa) || !storyOf.TryGetValue(r.B, out int sb) || sa != sb))
            {
                return false;
            }
        }

        return stories.All(s => s.Members.Count >= 2);
    }
}
