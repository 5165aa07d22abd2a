using NearDup.Evaluation;

namespace NearDup.Tests.Evaluation;

public class MetricsTest
{
    [Fact]
    public void BinaryCounts_GiveTheTextbookFigures()
    {
        var c = new BinaryCounts(TruePositives: 8, FalsePositives: 2, FalseNegatives: 4, TrueNegatives: 6);
        Assert.Equal(0.8, c.Precision, 12);
        Assert.Equal(8.0 / 12, c.Recall, 12);
        Assert.Equal(2 * 0.8 * (8.0 / 12) / (0.8 + 8.0 / 12), c.F1, 12);
        Assert.Equal(14.0 / 20, c.Accuracy, 12);
    }

    [Fact]
    public void BinaryCounts_Add_CountsEachCell()
    {
        var c = default(BinaryCounts).Add(true, true).Add(true, false).Add(false, true).Add(false, false).Add(true, true);
        Assert.Equal(new BinaryCounts(2, 1, 1, 1), c);
    }

    [Fact]
    public void Spearman_OfMonotoneData_IsOne_AndOfReversed_IsMinusOne()
    {
        Assert.Equal(1, Metrics.Spearman([1, 2, 3, 4], [10, 20, 30, 400]), 12);
        Assert.Equal(-1, Metrics.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 12);
    }

    [Fact]
    public void Spearman_UsesAverageRanksForTies()
    {
        // x ranks: 1.5 1.5 3 ; y ranks: 1 2 3 -> Pearson of those.
        double expected = Metrics.Pearson([1.5, 1.5, 3], [1, 2, 3]);
        Assert.Equal(expected, Metrics.Spearman([5, 5, 7], [1, 2, 3]), 12);
        Assert.Equal(Math.Sqrt(3) / 2, expected, 12);
    }

    [Fact]
    public void Clusters_Identical_AreOne()
    {
        var m = ClusterMetrics.Compute([0, 0, 1, 1, 2], [5, 5, 7, 7, 9]);
        Assert.Equal(1, m.PairPrecision);
        Assert.Equal(1, m.PairRecall);
        Assert.Equal(1, m.AdjustedRandIndex, 12);
    }

    [Fact]
    public void Clusters_HandComputedCase()
    {
        // predicted {0,1,2} {3,4}; truth {0,1} {2,3,4}.
        // pairs together in both: (0,1), (3,4) = 2; predicted pairs 3+1 = 4; true pairs 1+3 = 4.
        var m = ClusterMetrics.Compute([0, 0, 0, 1, 1], [0, 0, 1, 1, 1]);
        Assert.Equal(0.5, m.PairPrecision, 12);
        Assert.Equal(0.5, m.PairRecall, 12);
        // ARI: index 2, expected 4*4/10 = 1.6, max 4 -> (2-1.6)/(4-1.6) = 1/6.
        Assert.Equal(1.0 / 6, m.AdjustedRandIndex, 12);
    }

    [Fact]
    public void Pan_PerfectDetection_IsOne()
    {
        ReuseCase[] cases = [new("s", new(0, 100), "r", new(50, 150))];
        var m = PanMetrics.Compute(cases, cases);
        Assert.Equal(1, m.Precision);
        Assert.Equal(1, m.Recall);
        Assert.Equal(1, m.Granularity);
        Assert.Equal(1, m.PlagDet, 12);
        Assert.Equal(1, m.CaseRecall);
    }

    [Fact]
    public void Pan_HandComputedCase()
    {
        // One case of 100+100 chars, found by two detections covering its first half and overreaching by 50 chars.
        ReuseCase[] cases = [new("s", new(0, 100), "r", new(0, 100))];
        ReuseCase[] found =
        [
            new("s", new(0, 25), "r", new(0, 25)),
            new("s", new(25, 50), "r", new(25, 50)),
            new("s", new(200, 300), "r", new(0, 10)), // overlaps only in the source: detects nothing
        ];
        var m = PanMetrics.Compute(cases, found);
        Assert.Equal(0.5, m.Recall, 12);
        Assert.Equal(2.0 / 3, m.Precision, 12); // (1 + 1 + 0) / 3
        Assert.Equal(2, m.Granularity, 12);
        Assert.Equal(Metrics.F1(2.0 / 3, 0.5) / Math.Log2(3), m.PlagDet, 12);
        Assert.Equal(1, m.CaseRecall);
    }

    [Fact]
    public void Pan_NothingDetected_ScoresZero()
    {
        var m = PanMetrics.Compute([new("s", new(0, 10), "r", new(0, 10))], []);
        Assert.Equal(0, m.Recall);
        Assert.Equal(0, m.PlagDet);
        Assert.Equal(0, m.CaseRecall);
    }
}
