using NearDup.Evaluation.Synth;

namespace NearDup.Tests.Synth;

public class SynthScoreTest
{
    private static readonly TruthPair[] Truth =
    [
        new("d1", "d2", SynthKind.Exact),
        new("d3", "d4", SynthKind.Excerpt),
        new("d5", "d6", SynthKind.Excerpt),
        new("d7", "d8", SynthKind.SharedSource),
    ];

    [Fact]
    public void Score_CountsPairsUnorderedOnceEach()
    {
        var result = SynthScore.Score(Truth, [("d2", "d1"), ("d1", "d2"), ("d4", "d3"), ("d1", "d9"), ("d5", "d5")]);

        Assert.Equal((2, 1, 2), (result.TruePositives, result.FalsePositives, result.FalseNegatives));
        Assert.Equal(0.5, result.Recall);
        Assert.Equal(2.0 / 3, result.Precision, 10);
        Assert.Equal(
            [new KindScore(SynthKind.Exact, 1, 1), new KindScore(SynthKind.Excerpt, 2, 1), new KindScore(SynthKind.SharedSource, 1, 0)],
            result.PerKind);
        Assert.Equal(0.5, result.PerKind[1].Recall);
    }

    [Fact]
    public void Score_NothingReported_HasPrecisionOneAndRecallZero()
    {
        var result = SynthScore.Score(Truth, []);

        Assert.Equal((1.0, 0.0, 0.0), (result.Precision, result.Recall, result.F1));
    }

    [Fact]
    public void ReadPairs_ReadsTsvAndCsvSkippingTheHeader()
    {
        var pairs = SynthScore.ReadPairs(new StringReader("a\tb\tscore\nd1\td2\t0.9\n\"d3\",\"d4\"\n")).ToList();

        Assert.Equal([("d1", "d2"), ("d3", "d4")], pairs);
    }

    [Fact]
    public void TruthPair_OrdersItsIdsAndNamesItsKind()
    {
        var pair = new TruthPair("d9", "d10", SynthKind.NearExact);

        Assert.Equal(("d10", "d9"), (pair.A, pair.B));
        Assert.Equal("d10\td9\tnear-exact", pair.ToString());
        Assert.True(TruthPair.TryParseKind("shared-source", out var kind));
        Assert.Equal(SynthKind.SharedSource, kind);
    }
}
