using NearDup.Align;
using NearDup.Relate;

namespace NearDup.Tests.Relate;

public class RelaterTest
{
    private static readonly Relater Relater = new();

    // An alignment with one passage per entry of passageTokens and the given matched totals.
    private static Alignment Synthetic(int countA, int countB, int matchedA, int matchedB, params int[] passageTokens)
    {
        var passages = new List<Passage>();
        int at = 0;
        foreach (int n in passageTokens)
        {
            passages.Add(new Passage(new(at * 6, (at + n) * 6), new(at * 6, (at + n) * 6), at, at + n, at, at + n, n, 1, PassageKind.Verbatim));
            at += n;
        }

        return new Alignment(passages, countA, countB, matchedA, matchedB);
    }

    private static Relation? Relate(int countA, int countB, int matchedA, int matchedB, params int[] passages) =>
        Relater.Relate(new RelateInput(0, 1, countA, countB, false, Synthetic(countA, countB, matchedA, matchedB, passages)));

    [Fact]
    public void Defaults_ArePinned()
    {
        var o = new RelateOptions();
        Assert.Equal(0.9, o.NearExactCoverage);
        Assert.Equal(0.8, o.ContainedCoverage);
        Assert.Equal(0.5, o.SharedSourceCoverage);
        Assert.Equal(0.2, o.SharedSourceLongerCoverage);
        Assert.Equal(20, o.MinPartialTokens);
        Assert.Equal(40, o.EvidenceTokens);
    }

    [Fact]
    public void EqualContentHashes_AreExact_EvenWithoutPassages()
    {
        var r = Relater.Relate(new RelateInput(3, 7, 1, 1, true, Alignment.None));
        Assert.NotNull(r);
        Assert.Equal(RelationKind.Exact, r.Kind);
        Assert.Equal((3, 7), (r.A, r.B));
        Assert.Equal(1.0, r.CoverageA);
        Assert.Equal(1.0, r.Confidence);
    }

    [Fact]
    public void NoPassages_IsNoRelation() =>
        Assert.Null(Relater.Relate(new RelateInput(0, 1, 100, 100, false, Alignment.None)));

    [Fact]
    public void BothSidesAlmostFullyCovered_IsNearExact()
    {
        var r = Relate(100, 105, 95, 95, 60, 35);
        Assert.Equal(RelationKind.NearExact, r!.Kind);
        Assert.Equal(Direction.None, r.Direction);
    }

    [Theory]
    [InlineData(100, 400, Direction.AInsideB)]
    [InlineData(400, 100, Direction.BInsideA)]
    public void ShorterMostlyCovered_LongerNot_IsContains_WithDirection(int countA, int countB, Direction expected)
    {
        var r = Relate(countA, countB, 90, 90, 90);
        Assert.Equal(RelationKind.Contains, r!.Kind);
        Assert.Equal(expected, r.Direction);
        Assert.Contains("contains", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BothSubstantiallyCovered_NeitherInside_IsSharedSource()
    {
        var r = Relate(400, 800, 270, 260, 120, 80, 70);
        Assert.Equal(RelationKind.SharedSource, r!.Kind);
        Assert.Equal(Direction.None, r.Direction);
    }

    [Fact]
    public void BothHighButNotNearExact_IsContains_TheShorterInside()
    {
        var r = Relate(100, 110, 85, 90, 85);
        Assert.Equal(RelationKind.Contains, r!.Kind);
        Assert.Equal(Direction.AInsideB, r.Direction);
    }

    [Theory]
    [InlineData(100, 115, 99, 99, Direction.AInsideB)]  // 99 % of A inside B, B itself 86 % covered
    [InlineData(115, 100, 99, 99, Direction.BInsideA)]
    [InlineData(100, 105, 75, 90, Direction.BInsideA)]  // the longer side is the one almost wholly inside
    public void AlmostWhollyInside_AnOtherItselfMostlyCovered_IsContains_NotSharedSource(int countA, int countB, int matchedA, int matchedB, Direction expected)
    {
        var r = Relate(countA, countB, matchedA, matchedB, Math.Min(matchedA, matchedB));
        Assert.Equal(RelationKind.Contains, r!.Kind);
        Assert.Equal(expected, r.Direction);
        Assert.StartsWith(expected == Direction.AInsideB ? "contains: A ≥" : "contains: B ≥", r.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 100, 79, 79)]
    [InlineData(100, 300, 70, 60)]
    public void NeitherSideFourFifthsInside_IsSharedSource(int countA, int countB, int matchedA, int matchedB)
    {
        var r = Relate(countA, countB, matchedA, matchedB, Math.Min(matchedA, matchedB));
        Assert.Equal(RelationKind.SharedSource, r!.Kind);
        Assert.Equal(Direction.None, r.Direction);
    }

    [Fact]
    public void ShorterHalfCovered_ButLongerBarely_IsPartial()
    {
        var r = Relate(100, 1000, 60, 60, 60);
        Assert.Equal(RelationKind.Partial, r!.Kind);
    }

    [Fact]
    public void OnePassageOfASentence_IsPartial()
    {
        var r = Relate(300, 300, 25, 25, 25);
        Assert.Equal(RelationKind.Partial, r!.Kind);
        Assert.InRange(r.Confidence, 0.3, 0.6);
    }

    [Fact]
    public void OnlyShortPassages_NamesAndStockPhrases_IsNoRelation() =>
        Assert.Null(Relate(300, 300, 21, 21, 11, 10));

    [Fact]
    public void AlignmentTheWrongWayRound_Throws()
    {
        var al = Synthetic(100, 200, 50, 50, 50);
        var e = Assert.Throws<ArgumentException>(() => Relater.Relate(new RelateInput(0, 1, 200, 100, false, al)));
        Assert.Contains("wrong way round", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameDocumentTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => Relater.Relate(new RelateInput(2, 2, 10, 10, true, Alignment.None)));

    [Fact]
    public void Validate_NamesTheSetting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Relater(new RelateOptions { ContainedCoverage = 1.5 }));
        Assert.Equal(nameof(RelateOptions.ContainedCoverage), e.ParamName);
    }

    [Theory]
    [InlineData(RelationKind.Exact, "exact")]
    [InlineData(RelationKind.NearExact, "near_exact")]
    [InlineData(RelationKind.Contains, "contains")]
    [InlineData(RelationKind.SharedSource, "shared_source")]
    [InlineData(RelationKind.Partial, "partial")]
    [InlineData(RelationKind.Paraphrase, "paraphrase")]
    [InlineData(RelationKind.SameStory, "same_story")]
    [InlineData(RelationKind.None, "none")]
    public void Kinds_HaveStableSnakeCaseNames_InJsonToo(RelationKind kind, string name)
    {
        Assert.Equal(name, WireNames.Of(kind));
        Assert.True(WireNames.TryParse<RelationKind>(name, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal($"\"{name}\"", System.Text.Json.JsonSerializer.Serialize(kind));
        Assert.Equal(kind, System.Text.Json.JsonSerializer.Deserialize<RelationKind>($"\"{name}\""));
    }

    [Fact]
    public void Directions_HaveSnakeCaseNames()
    {
        Assert.Equal("a_inside_b", WireNames.Of(Direction.AInsideB));
        Assert.Equal("\"b_inside_a\"", System.Text.Json.JsonSerializer.Serialize(Direction.BInsideA));
    }

    [Fact]
    public void EndToEnd_TrimmedCopy_IsContains()
    {
        var paragraphs = Tests.Align.TextBuilder.Paragraphs(100, 10);
        string original = Tests.Align.TextBuilder.Join(paragraphs);
        string trimmed = Tests.Align.TextBuilder.Join(paragraphs[..7]);
        var tokA = global::NearDup.Text.Tokenizer.Tokenize(original);
        var tokB = global::NearDup.Text.Tokenizer.Tokenize(trimmed);
        var al = new Aligner().Align(tokA, tokB);
        var r = Relater.Relate(new RelateInput(0, 1, tokA.Length, tokB.Length, false, al));
        Assert.Equal(RelationKind.Contains, r!.Kind);
        Assert.Equal(Direction.BInsideA, r.Direction);
        Assert.Equal(1.0, r.CoverageB);
    }
}
