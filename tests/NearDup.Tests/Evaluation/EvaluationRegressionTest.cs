using NearDup.Evaluation;
using NearDup.Evaluation.Synth;
using NearDup.Read;

namespace NearDup.Tests.Evaluation;

/// <summary>
/// Quality may not fall below the figures recorded in docs/EVALUATION.md, minus a small margin. Each test reads the
/// labelled data in ../shared/eval.
/// </summary>
public class EvaluationRegressionTest
{
    private static string Data(string folder)
    {
        string dir = Path.Combine(TestPaths.Eval, folder);
        Assert.SkipUnless(Directory.Exists(dir), $"evaluation data not found: {dir}");
        return dir;
    }

    [Fact]
    public void Pan13_KeepsRecordedFigures()
    {
        // Recorded: char precision 0.949, char recall 0.993, granularity 1.000, case recall 1.000.
        var r = PanEvaluator.Run(Data("pan13-no-obfuscation"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.InRange(r.Scores.Precision, 0.94, 1.0);
        Assert.InRange(r.Scores.Recall, 0.98, 1.0);
        Assert.InRange(r.Scores.Granularity, 1.0, 1.02);
        Assert.InRange(r.Scores.CaseRecall, 0.98, 1.0);
    }

    [Fact]
    public void Pan13_EveryDetectionOutsideTheLabels_IsACopyTheLabelsLack()
    {
        // Recorded: 15 detections touch no case, all copied word for word (or nearly); counted as cases, char P 0.996.
        var r = PanEvaluator.Run(Data("pan13-no-obfuscation"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(r.FalseDetections.Count, r.UnlabelledCopies.Count);
        Assert.InRange(r.ScoresWithUnlabelledCopies.Precision, 0.99, 1.0);
        Assert.InRange(r.ScoresWithUnlabelledCopies.Recall, r.Scores.Recall, 1.0);
    }

    [Fact]
    public async Task CloughStevenson_KeepsRecordedFigures_AndDefaultsAreTheFitOnTheVisibleSet()
    {
        // Recorded: leave-one-person-out 0.930 (reuse vs none), 0.649 (four levels).
        var r = await CloughStevensonEvaluator.RunAsync(Data("clough-stevenson"), baselines: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(57, r.Answers.Count);
        Assert.InRange(r.CvBinaryAccuracy, 0.91, 1.0);
        Assert.InRange(r.CvLevelAccuracy, 0.61, 1.0);
        Assert.InRange(r.Spearman[ReuseFeature.Coverage], 0.75, 1.0);

        var fit = r.FittedOnAll;
        var defaults = ReuseLevelClassifier.Default;
        Assert.Equal(defaults.ReuseFeature, fit.ReuseFeature);
        Assert.Equal(defaults.LevelFeature, fit.LevelFeature);
        Assert.Equal(defaults.ReuseThreshold, fit.ReuseThreshold, 3);
        Assert.Equal(defaults.LightThreshold, fit.LightThreshold, 3);
        Assert.Equal(defaults.CutThreshold, fit.CutThreshold, 3);
    }

    [Fact]
    public async Task CloughStevenson_ShippedModelIsTheFitOnTheVisibleSet_AndBeatsThePreviousRule()
    {
        // Recorded: the model's procedure, leave-one-person-out, 0.930 (reuse vs none) and 0.754 (four levels).
        var r = await CloughStevensonEvaluator.RunAsync(Data("clough-stevenson"), baselines: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.InRange(r.ModelCv.Binary, 0.91, 1.0);
        Assert.InRange(r.ModelCv.Levels, 0.73, 1.0);
        Assert.True(r.ModelCv.Levels > r.CvLevelAccuracy, "the model's CV four-level accuracy is above the previous rule's");

        var refit = CloughStevensonEvaluator.FitModel(r.Answers);
        foreach (var a in r.Answers)
        {
            var shipped = ReuseLevelModel.Default.Probabilities(a.Features);
            var fresh = refit.Probabilities(a.Features);
            for (int l = 0; l < shipped.Length; l++)
            {
                Assert.Equal(fresh[l], shipped[l], 3);
            }
        }
    }

    [Fact]
    public async Task Synthetic_NearDupFindsThePlantedPairs_AndBeatsMinHashLsh()
    {
        // Recorded on 2,000 documents (seed 1): NearDup precision 1.000, recall 1.000; MinHash-LSH t=0.5 recall 0.790.
        var r = await SyntheticEvaluator.RunAsync(new SynthOptions { Count = 2_000, Seed = 1 }, baselines: true, cancellationToken: TestContext.Current.CancellationToken);
        var neardup = r.Rows[0].Score;
        Assert.InRange(neardup.Precision, 0.98, 1.0);
        Assert.InRange(neardup.Recall, 0.98, 1.0);
        Assert.All(neardup.PerKind, k => Assert.InRange(k.Recall, 0.95, 1.0));
        Assert.All(r.Rows.Skip(1), row => Assert.True(row.Score.Recall < neardup.Recall, row.Method));
    }

    [Fact]
    public void Pan13_MissingFolder_IsAClearError()
    {
        string dir = Path.Combine(Path.GetTempPath(), "neardup-eval-missing-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<NearDupFormatException>(() => PanEvaluator.Run(dir, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("pairs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pan13_MalformedCase_NamesTheLine()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-pan").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "pairs"), "s.txt r.txt\n");
            File.WriteAllText(Path.Combine(dir, "cases.tsv"), "header\ns.txt\t1\tx\tr.txt\t0\t5\n");
            var e = Assert.Throws<NearDupFormatException>(() => PanEvaluator.Run(dir, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(2, e.Line);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Pan13_PathOutOfTheFolder_IsRefused()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-pan").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "pairs"), "../../etc/passwd r.txt\n");
            File.WriteAllText(Path.Combine(dir, "cases.tsv"), "header\n");
            Assert.Throws<NearDupFormatException>(() => PanEvaluator.Run(dir, cancellationToken: TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
