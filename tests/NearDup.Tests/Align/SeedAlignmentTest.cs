using NearDup.Align;
using NearDup.Relate;
using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Tests.Align;

/// <summary>The seed articles (../shared/seeds): one wire story (002), two edited copies (001, 003), a paraphrase
/// (000) and an independent summary (004).</summary>
public class SeedAlignmentTest(ITestOutputHelper output)
{
    private static readonly Aligner Aligner = new();
    private static readonly Relater Relater = new();

    private static (Alignment Alignment, Relation? Relation) Pair(int a, int b)
    {
        string ta = SeedCorpus.Text(a), tb = SeedCorpus.Text(b);
        var tokA = Tokenizer.Tokenize(ta);
        var tokB = Tokenizer.Tokenize(tb);
        var al = Aligner.Align(tokA, tokB);
        var relation = Relater.Relate(new RelateInput(a, b, tokA.Length, tokB.Length, ta == tb, al));
        return (al, relation);
    }

    // Fraction of the text's sentences whose tokens lie at least half inside passages.
    private static double SentencesCovered(string text, Alignment al, bool sideA)
    {
        var tokens = Tokenizer.Tokenize(text);
        var inside = new bool[tokens.Length];
        foreach (var p in al.Passages)
        {
            int first = sideA ? p.FirstTokenA : p.FirstTokenB, end = sideA ? p.EndTokenA : p.EndTokenB;
            for (int t = first; t < end; t++)
            {
                inside[t] = true;
            }
        }

        var sentences = Segmenter.Segment(text).Sentences;
        int covered = 0;
        foreach (var s in sentences)
        {
            var (first, end) = Segmenter.TokenRange(tokens, s);
            int count = 0;
            for (int t = first; t < end; t++)
            {
                count += inside[t] ? 1 : 0;
            }

            covered += end > first && count * 2 >= end - first ? 1 : 0;
        }

        return (double)covered / sentences.Length;
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public void WireCopies_AreRelated_AndPassagesCoverMostOfTheShorterText(int a, int b)
    {
        var (al, relation) = Pair(a, b);
        output.WriteLine(AlignmentRenderer.Render(al, SeedCorpus.Text(a), SeedCorpus.Text(b)));
        Assert.NotNull(relation);
        output.WriteLine(relation.Reason);
        Assert.Contains(relation.Kind, new[] { RelationKind.SharedSource, RelationKind.NearExact, RelationKind.Contains });

        bool shorterIsA = al.TokenCountA <= al.TokenCountB;
        double sentences = SentencesCovered(SeedCorpus.Text(shorterIsA ? a : b), al, shorterIsA);
        output.WriteLine($"sentences of the shorter text covered: {sentences:P0}");
        Assert.True(sentences >= 0.6, $"only {sentences:P0} of the shorter text's sentences aligned");
        Assert.True(Math.Min(al.CoverageA, al.CoverageB) >= 0.3);
    }

    [Fact]
    public void Copies001And003_AreRelated_001MostlyInside003OrSharedSource()
    {
        var (al, relation) = Pair(1, 3);
        Assert.NotNull(relation);
        output.WriteLine(relation.Reason);
        Assert.True(
            relation.Kind == RelationKind.SharedSource
            || (relation.Kind == RelationKind.Contains && relation.Direction == Direction.AInsideB),
            relation.Reason);
        Assert.True(al.CoverageA > 0.5);
    }

    [Fact]
    public void Paraphrase000And002_IsAtMostPartial()
    {
        var (_, relation) = Pair(0, 2);
        output.WriteLine(relation?.Reason ?? "no relation");
        Assert.True(relation is null || relation.Kind == RelationKind.Partial, relation?.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Summary004_HasNoLexicalRelation(int other)
    {
        var (al, relation) = Pair(other, 4);
        output.WriteLine(AlignmentRenderer.Render(al, SeedCorpus.Text(other), SeedCorpus.Text(4)));
        Assert.Null(relation);
    }

    [Fact]
    public void EveryPassageOfEveryPair_SlicesToMatchingText()
    {
        int passages = 0;
        for (int a = 0; a < SeedCorpus.Count; a++)
        {
            for (int b = 0; b < SeedCorpus.Count; b++)
            {
                if (a == b)
                {
                    continue;
                }

                var (al, _) = Pair(a, b);
                PassageChecks.AssertWellFormed(al, SeedCorpus.Text(a), SeedCorpus.Text(b));
                passages += al.Passages.Count;
            }
        }

        Assert.True(passages > 40, $"only {passages} passages over all seed pairs");
    }

    [Fact]
    public void FurnitureIn003_IsNotAlignedWith002()
    {
        var (al, _) = Pair(2, 3);
        string t3 = SeedCorpus.Text(3);
        int start = t3.IndexOf("Zelensky Discusses Peace", StringComparison.Ordinal);
        int end = t3.IndexOf("Holy See.", StringComparison.Ordinal) + "Holy See.".Length;
        var furniture = new TextSpan(start, end);
        Assert.All(al.Passages, p => Assert.False(p.B.Overlaps(furniture), $"passage {p.B} overlaps furniture {furniture}"));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(0, 3)]
    public void AlignmentIsSymmetric_SwapOfAB_EqualsBA(int a, int b)
    {
        var ab = Aligner.Align(SeedCorpus.Text(a), SeedCorpus.Text(b));
        var ba = Aligner.Align(SeedCorpus.Text(b), SeedCorpus.Text(a));
        var swapped = ab.Swap();
        Assert.Equal(ba.Passages, swapped.Passages);
        Assert.Equal((ba.MatchedTokensA, ba.MatchedTokensB), (swapped.MatchedTokensA, swapped.MatchedTokensB));
        Assert.Equal(ab.CoverageA, swapped.CoverageB);
    }
}
