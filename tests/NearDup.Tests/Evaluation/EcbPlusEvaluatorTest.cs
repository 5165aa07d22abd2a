using NearDup.Evaluation;
using NearDup.Pipeline;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Evaluation;

public class EcbPlusEvaluatorTest
{
    private static string Data => Path.Combine(TestPaths.Eval, "ecb-plus");

    [Fact]
    public async Task FewTopics_LexicalScan_ScoresHeldOutStories_BesideTfIdf()
    {
        var topics = new HashSet<string>(StringComparer.Ordinal) { "1", "3", "5", "7" };
        var r = await EcbPlusEvaluator.RunAsync(Data, new ScanOptions(), topics, folds: 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(4, r.Topics);
        Assert.Equal(8, r.Stories);
        Assert.Equal(4, r.Rows.Count);
        Assert.All(r.Rows, row =>
        {
            Assert.InRange(row.Pairs.PairF1, 0, 1);
            Assert.InRange(row.BCubed.F1, 0, 1);
        });
        Assert.Equal(2, r.Rows[0].Fitted.Count);

        // Telling a story from its decoy: better than lumping each topic together (all pairs within topics).
        Assert.True(r.Rows[0].Pairs.PairPrecision > 0.7, $"held-out pair precision {r.Rows[0].Pairs.PairPrecision:0.000}");
    }

    [Fact]
    public async Task EarlyStoryShares_AreFittedByTheSameFolds_AndEachScoredAlone()
    {
        var topics = new HashSet<string>(StringComparer.Ordinal) { "1", "3", "5", "7" };
        var scan = new ScanOptions { Semantic = new SemanticScanOptions { CandidateEncoder = StaticEmbeddingEncoder.Default } };
        var r = await EcbPlusEvaluator.RunAsync(Data, scan, topics, folds: 2, earlyStoryShares: [1.0, 0.3], cancellationToken: TestContext.Current.CancellationToken);

        // The shipped share's row first, as without the sweep; then the share fitted too, then each share alone.
        Assert.All(r.Rows[0].Fitted, s => Assert.Equal(0.5, s.EarlyStoryMinShare));
        var fittedToo = Assert.Single(r.Rows, x => x.Method.Contains("fitted too", StringComparison.Ordinal));
        Assert.All(fittedToo.Fitted, s => Assert.Contains(s.EarlyStoryMinShare, new double?[] { 1.0, 0.3, 0.5 }));
        foreach (double share in new[] { 1.0, 0.3, 0.5 })
        {
            var alone = Assert.Single(r.Rows, x => x.Method.EndsWith($"share {share.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} (held out)", StringComparison.Ordinal));
            Assert.All(alone.Fitted, s => Assert.Equal(share, s.EarlyStoryMinShare));
        }
    }

    [Fact]
    public async Task AllTopics_LexicalScan_HeldOutStories_KeepTheRecordedFigure()
    {
        // docs/EVALUATION.md: 0.912 pairwise F1 held out with --semantic off (0.918 with MiniLM), tf-idf 0.830.
        var r = await EcbPlusEvaluator.RunAsync(Data, new ScanOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(496, r.Documents);
        Assert.True(r.Rows[0].Pairs.PairF1 >= 0.90, $"held-out pairwise F1 {r.Rows[0].Pairs.PairF1:0.000}");
        Assert.True(r.Rows[0].Pairs.PairF1 > r.Rows[1].Pairs.PairF1 + 0.05, "NearDup stories should beat plain tf-idf average link");
    }

    [Fact]
    public void CrossValidate_PicksOnTrainingFolds_AndScoresTheOthers()
    {
        // Setting 0 is right on fold 1, setting 1 on fold 0: each fold is labelled by the setting the other prefers.
        int[] truth = [0, 0, 1, 1];
        int[] fold = [0, 0, 1, 1];
        int[][] labels = [[5, 6, 2, 2], [3, 3, 7, 8]];
        var settings = new[] { new EcbPlusEvaluator.Setting(0.1, 0, 0), new EcbPlusEvaluator.Setting(0.2, 0, 0) };
        var row = EcbPlusEvaluator.CrossValidate("m", settings, labels, truth, fold, 2);
        Assert.Equal([settings[0], settings[1]], row.Fitted);
        Assert.Equal(0, row.Pairs.PairRecall);
    }

    [Fact]
    public void BCubed_OfTheTruth_IsOne_AndOfOneLump_HasFullRecall()
    {
        int[] truth = [0, 0, 1, 1, 2];
        Assert.Equal(1, BCubedMetrics.Compute(truth, truth).F1, 9);
        var lump = BCubedMetrics.Compute([0, 0, 0, 0, 0], truth);
        Assert.Equal(1, lump.Recall, 9);
        Assert.Equal((2 * 0.4 + 2 * 0.4 + 0.2) / 5, lump.Precision, 9);
    }
}
