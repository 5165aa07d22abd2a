using NearDup.Relate;
using NearDup.Segment;
using NearDup.Semantic;

namespace NearDup.Tests.Semantic;

public class SeedRelationTest
{
    private static readonly Lazy<SemanticDocument[]> Seeds = new(() =>
        new[] { "000", "001", "002", "003", "004" }.Select(n => SemanticDocument.Create(SemanticTestData.Seed(n), SemanticTestData.Encoder)).ToArray());

    private static readonly Lazy<SemanticDocument[]> Unrelated = new(() =>
        UnrelatedNews.All.Select(t => SemanticDocument.Create(t, SemanticTestData.Encoder)).ToArray());

    // Checked by hand: 000 rewrites 002 sentence by sentence; 000's sentences 2–3 both come from 002's sentence 2
    // (the quote and the mutual-assistance clause), and 5–6 from 002's sentence 4 (accusation, then the concerns).
    private static readonly int[] RewriteOf002 = [0, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11];

    [Fact]
    public void Rewrite000_AlignsItsSentencesToTheRightSentencesOf002()
    {
        var s = Seeds.Value;
        Assert.Equal(14, Segmenter.Segment(SemanticTestData.Seed("000")).Sentences.Length);
        var pairs = new SentenceAligner().Align(s[0], s[2]);
        int right = 0;
        foreach (var pair in pairs)
        {
            for (int a = pair.FirstA; a < pair.FirstA + pair.CountA; a++)
            {
                bool hit = RewriteOf002[a] >= pair.FirstB && RewriteOf002[a] < pair.FirstB + pair.CountB;
                right += hit ? 1 : 0;
            }
        }

        Assert.True(right >= 10, $"{right} of 14 sentences aligned to the right sentence");
        Assert.All(pairs, p => Assert.True(p.Cosine > 0.6f));
        Assert.All(pairs, p => Assert.Equal(p.A, new TextSpan(s[0].Sentences[p.FirstA].Start, s[0].Sentences[p.FirstA + p.CountA - 1].End)));
    }

    [Fact]
    public void Rewrite000_KeepsQuotesVerbatimInsideParaphrasedSentences()
    {
        var s = Seeds.Value;
        var pairs = new SentenceAligner().Align(s[0], s[2]);
        Assert.Contains(pairs, p => p.Kind == AlignedSentenceKind.Paraphrase);

        // "dearest friend of the Korean people" is quoted word for word in both.
        var kim = pairs.Single(p => p.FirstA == 8);
        Assert.Contains(kim.VerbatimRuns, r => r.A.Slice(s[0].Text).ToString().Contains("dearest friend of the Korean people", StringComparison.Ordinal)
            && r.B.Slice(s[2].Text).ToString().Contains("dearest friend of the Korean people", StringComparison.Ordinal));
    }

    [Fact]
    public void Seeds_000And002_AreParaphrase_From002To000()
    {
        var s = Seeds.Value;
        var relation = new SemanticRelater().Relate(s[0], s[2]);
        Assert.Equal(SemanticRelationKind.Paraphrase, relation.Kind);
        Assert.Equal(Direction.AFromB, relation.Direction);
        Assert.True(relation.CoverageA > 0.9, $"coverage of 000 {relation.CoverageA:F2}");
        Assert.InRange(relation.Confidence, 0.5, 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Seeds_000AndTheCopiesOf002_AreParaphraseOrSameStory(int copy)
    {
        // The issue asks "paraphrase or related through 002": the copies hold more than 002's text, so less of the
        // shorter side may be restated than the fitted support asks (docs/EVALUATION-semantic.md).
        var relation = new SemanticRelater().Relate(Seeds.Value[0], Seeds.Value[copy]);
        Assert.Contains(relation.Kind, new[] { SemanticRelationKind.Paraphrase, SemanticRelationKind.SameStory });
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    public void Seeds_WireCopies_AreTextReuseNotParaphrase(int a, int b)
    {
        var relation = new SemanticRelater().Relate(Seeds.Value[a], Seeds.Value[b]);
        Assert.Equal(SemanticRelationKind.TextReuse, relation.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Seed004_IsSameStoryWithEachOther_NotParaphrase(int other)
    {
        var relation = new SemanticRelater().Relate(Seeds.Value[4], Seeds.Value[other]);
        Assert.Equal(SemanticRelationKind.SameStory, relation.Kind);
    }

    [Fact]
    public void UnrelatedNews_IsNotRelatedToAnySeed()
    {
        var relater = new SemanticRelater();
        foreach (var u in Unrelated.Value)
        {
            foreach (var seed in Seeds.Value)
            {
                var relation = relater.Relate(u, seed);
                Assert.Equal(SemanticRelationKind.None, relation.Kind);
                Assert.Empty(relation.Sentences);
            }
        }
    }

    [Fact]
    public void Relate_IsSymmetricInKind_AndMirrorsDirection()
    {
        var relater = new SemanticRelater();
        var ab = relater.Relate(Seeds.Value[0], Seeds.Value[2]);
        var ba = relater.Relate(Seeds.Value[2], Seeds.Value[0]);
        Assert.Equal(ab.Kind, ba.Kind);
        Assert.Equal(Direction.BFromA, ba.Direction);
    }
}
