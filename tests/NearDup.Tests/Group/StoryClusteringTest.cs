using NearDup.Align;
using NearDup.Group;
using NearDup.Relate;

namespace NearDup.Tests.Group;

public class StoryClusteringTest
{
    private static Relation Rel(int a, int b, RelationKind kind, double ca = 0.9, double cb = 0.9) =>
        new(a, b, kind, Direction.None, ca, cb, 1, Alignment.None, kind.ToString());

    private static TermVectors Terms(params string[] texts)
    {
        var builder = new TermVectorBuilder(texts.Length, nameBoost: 2);
        for (int d = 0; d < texts.Length; d++)
        {
            builder.Add(d, texts[d]);
        }

        return builder.Build();
    }

    private static int[] Ones(int n) => [.. Enumerable.Repeat(100, n)];

    [Fact]
    public void StrongWeakStrong_IsTwoStories_NotAChain()
    {
        // A–B a shared source, B–C one same_story link, C–D near copies: two stories.
        var stories = new StoryGrouper().Group(
            4,
            [Rel(0, 1, RelationKind.SharedSource), Rel(1, 2, RelationKind.SameStory), Rel(2, 3, RelationKind.NearExact)],
            Ones(4));
        Assert.Equal(2, stories.Count);
        Assert.Equal([0, 1], stories[0].Members);
        Assert.Equal([2, 3], stories[1].Members);
        Assert.DoesNotContain(stories.SelectMany(s => s.Relations), r => r.Kind == RelationKind.SameStory);
    }

    [Fact]
    public void ChainOfWeakLinks_DoesNotJoinTwoPairs()
    {
        var options = new GroupOptions { WeakLinkSimilarity = 0.5 };
        var stories = new StoryGrouper(options).Group(
            4, [Rel(0, 1, RelationKind.SameStory), Rel(1, 2, RelationKind.SameStory), Rel(2, 3, RelationKind.SameStory)], Ones(4));
        Assert.Equal(2, stories.Count);
        Assert.All(stories, s => Assert.Equal(2, s.Members.Count));
    }

    [Fact]
    public void Document_JoinsTheStoryItMatchesBest()
    {
        string[] texts =
        [
            "Lindsay Lohan checked into the Betty Ford clinic in Rancho Mirage on Thursday, her lawyer said.",
            "Actress Lindsay Lohan entered Betty Ford in Rancho Mirage, California, on Thursday for rehab.",
            "Tara Reid checked into Promises in Malibu on Monday, her publicist said.",
            "Actress Tara Reid entered the Promises clinic in Malibu, California, on Monday.",
            "Lohan arrived at Betty Ford in Rancho Mirage after a court order, her lawyer said on Thursday.",
        ];
        var evidence = new StoryEvidence(Terms(texts));
        var stories = new StoryGrouper().Group(5, [], Ones(5), default, evidence);
        Assert.Equal(2, stories.Count);
        Assert.Equal([0, 1, 4], stories[0].Members);
        Assert.Equal([2, 3], stories[1].Members);
    }

    [Fact]
    public void SameEvent_WithoutSharedWords_IsGrouped_WhenVectorsAgree()
    {
        float[][] vectors = [[1, 0.05f, 0], [0.98f, 0.1f, 0], [0, 0, 1]];
        var evidence = new StoryEvidence(Terms("Quake strikes coast", "Tremor hits shoreline", "Budget passes vote"), vectors);
        var options = new GroupOptions { VectorWeight = 1 };
        var s = Assert.Single(new StoryGrouper(options).Group(3, [], Ones(3), default, evidence));
        Assert.Equal([0, 1], s.Members);

        // The default weighs vectors 0 (held out on ECB+ they did not tell events apart): words decide.
        Assert.Empty(new StoryGrouper().Group(3, [], Ones(3), default, evidence));
    }

    [Fact]
    public void DifferentLanguages_AreNotJoined_ByMeaningAlone()
    {
        float[][] vectors = [[1, 0.05f, 0], [0.98f, 0.1f, 0]];
        var options = new GroupOptions { VectorWeight = 1 };
        var evidence = new StoryEvidence(Terms("Quake strikes coast", "Sismo atinge litoral"), vectors, ["en", "pt"]);
        Assert.Empty(new StoryGrouper(options).Group(2, [], Ones(2), default, evidence));

        // Same vectors, one language: joined.
        Assert.Single(new StoryGrouper(options).Group(2, [], Ones(2), default, evidence with { Languages = ["en", "en"] }));

        // A copy relation still binds across languages (a bilingual page quoting the other).
        var bound = new StoryGrouper(options).Group(2, [Rel(0, 1, RelationKind.Contains)], Ones(2), default, evidence);
        Assert.Single(bound);
    }

    [Fact]
    public void DocumentsFarApartInTime_GetNoEvidence_WhenAWindowIsSet()
    {
        string[] texts = ["Wildfire near Athens forces evacuations in Marathon", "Wildfire near Athens forces evacuations in Marathon again", "Parliament approves the budget"];
        var evidence = new StoryEvidence(Terms(texts));
        var t0 = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset?[] dates = [t0, t0.AddDays(400), null];
        Assert.Single(new StoryGrouper().Group(3, [], Ones(3), dates, evidence));
        Assert.Empty(new StoryGrouper(new GroupOptions { MaxDaysApart = 30 }).Group(3, [], Ones(3), dates, evidence));
    }

    [Fact]
    public void Defaults_ArePinned()
    {
        var o = new GroupOptions();
        Assert.Equal(0.225, o.Threshold);
        Assert.Equal(0.1, o.WeakLinkSimilarity);
        Assert.Equal(2, o.NameBoost);
        Assert.Equal(0, o.VectorWeight);
        Assert.Equal(0.8, o.VectorFloor);
        Assert.Equal(20, o.Neighbours);
        Assert.Null(o.MaxDaysApart);
        Assert.DoesNotContain(RelationKind.SameStory, o.JoinKinds);
        Assert.Contains(RelationKind.Paraphrase, o.JoinKinds);
    }

    [Theory]
    [InlineData(nameof(GroupOptions.Threshold))]
    [InlineData(nameof(GroupOptions.Neighbours))]
    [InlineData(nameof(GroupOptions.VectorFloor))]
    [InlineData(nameof(GroupOptions.MaxDaysApart))]
    public void Validate_NamesTheSettingOutOfRange(string name)
    {
        var o = name switch
        {
            nameof(GroupOptions.Threshold) => new GroupOptions { Threshold = double.NaN },
            nameof(GroupOptions.Neighbours) => new GroupOptions { Neighbours = 0 },
            nameof(GroupOptions.VectorFloor) => new GroupOptions { VectorFloor = 1 },
            _ => new GroupOptions { MaxDaysApart = -1 },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void EvidenceOfWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new StoryGrouper().Group(3, [], Ones(3), default, new StoryEvidence(Terms("a b", "a b"))));

    [Fact]
    public void TermVectors_CosineOfACopy_IsOne_AndPairsAreFound()
    {
        var terms = Terms("Ferry sinks off Sicily coast", "Ferry sinks off Sicily coast", "Parliament approves new budget", "Parliament approves budget today");
        Assert.Equal(1, terms.Cosine(0, 1), 5);
        Assert.Equal(0, terms.Cosine(0, 2));
        var pairs = terms.FindPairs(5, 0.05);
        Assert.Contains(pairs, p => (p.A, p.B) == (0, 1));
        Assert.Contains(pairs, p => (p.A, p.B) == (2, 3));
        Assert.All(pairs, p => Assert.True(p.A < p.B));
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool Output_IsAPartition_WithWordEvidence(int[] wordSeeds, int countSeed)
    {
        int n = (Math.Abs(countSeed) % 25) + 1;
        var seeds = wordSeeds ?? [];
        var texts = new string[n];
        for (int d = 0; d < n; d++)
        {
            texts[d] = string.Join(' ', Enumerable.Range(0, 6).Select(k => "w" + (Math.Abs(seeds.Length == 0 ? d * k : seeds[(d + k) % seeds.Length] + d) % 15)));
        }

        var stories = new StoryGrouper(new GroupOptions { IncludeSingletons = true }).Group(n, [], Ones(n), default, new StoryEvidence(Terms(texts)));
        var members = stories.SelectMany(s => s.Members).ToList();
        return members.Count == n && members.Distinct().Count() == n && stories.Select(s => s.Id).SequenceEqual(Enumerable.Range(0, stories.Count));
    }
}
