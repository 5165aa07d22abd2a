using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

public class MrpcCalibrationTest
{
    private const int Dim = 384;

    // Features of MRPC pairs with the library's own code: MiniLM cosine and lexical overlap.
    private static (float[] Cosines, LexicalOverlap[] Overlaps, bool[] Labels) Features(int take, MiniLmEncoder? encoder = null)
    {
        encoder ??= SemanticTestData.Encoder;
        var pairs = SemanticTestData.Mrpc();
        if (take < pairs.Count)
        {
            pairs = pairs.GetRange(0, take);
        }

        var a = new string[pairs.Count];
        var b = new string[pairs.Count];
        var labels = new bool[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            (labels[i], a[i], b[i]) = pairs[i];
        }

        var va = new float[a.Length * Dim];
        var vb = new float[b.Length * Dim];
        encoder.Encode(a, va);
        encoder.Encode(b, vb);
        var cosines = new float[a.Length];
        var overlaps = new LexicalOverlap[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            var da = SemanticDocument.Create(a[i], [new TextSpan(0, a[i].Length)], va.AsSpan(i * Dim, Dim).ToArray(), Dim);
            var db = SemanticDocument.Create(b[i], [new TextSpan(0, b[i].Length)], vb.AsSpan(i * Dim, Dim).ToArray(), Dim);
            cosines[i] = SemanticVector.Dot(da.SentenceVector(0), db.SentenceVector(0));
            overlaps[i] = LexicalOverlap.Compute(da.Words[0], db.Words[0], da.Numbers[0], db.Numbers[0]);
        }

        return (cosines, overlaps, labels);
    }

    private static (double Accuracy, double F1) Score(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> labels)
    {
        int tp = 0, fp = 0, fn = 0, ok = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            ok += predicted[i] == labels[i] ? 1 : 0;
            tp += predicted[i] && labels[i] ? 1 : 0;
            fp += predicted[i] && !labels[i] ? 1 : 0;
            fn += !predicted[i] && labels[i] ? 1 : 0;
        }

        return (ok / (double)labels.Length, 2.0 * tp / ((2 * tp) + fp + fn));
    }

    [Fact]
    public void DefaultScorer_OnMrpcSample_BeatsTheMajorityClass()
    {
        var (cosines, overlaps, labels) = Features(200);
        var predicted = new bool[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            predicted[i] = ParaphraseScorer.Default.Probability(cosines[i], overlaps[i]) >= 0.5;
        }

        var (accuracy, f1) = Score(predicted, labels);
        double majority = labels.Count(l => l) / (double)labels.Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"MRPC first 200: accuracy {accuracy:F3}, F1 {f1:F3}, majority {majority:F3}");
        Assert.True(accuracy > majority + 0.03, $"accuracy {accuracy:F3} vs majority {majority:F3}");
        Assert.True(f1 > 0.8, $"F1 {f1:F3}");
    }

    /// <summary>Full calibration (about a minute): 10-fold CV of one cosine threshold and of the scorer; prints the fit.</summary>
    [Theory(Explicit = true)]
    [InlineData(MiniLmPrecision.Float32)]
    [InlineData(MiniLmPrecision.Int8)]
    public void Calibrate_OnMrpcTrain_CrossValidated(MiniLmPrecision precision)
    {
        var (cosines, overlaps, labels) = Features(int.MaxValue, SemanticTestData.EncoderFor(precision));
        const int folds = 10;
        double accT = 0, f1T = 0, accS = 0, f1S = 0, thresholdSum = 0;
        for (int k = 0; k < folds; k++)
        {
            var train = Enumerable.Range(0, labels.Length).Where(i => i % folds != k).ToArray();
            var test = Enumerable.Range(0, labels.Length).Where(i => i % folds == k).ToArray();

            // One cosine threshold: the most accurate on the training folds.
            double best = -1, threshold = 0;
            for (float t = 0.30f; t <= 0.95f; t += 0.005f)
            {
                int ok = train.Count(i => (cosines[i] >= t) == labels[i]);
                if (ok > best)
                {
                    best = ok;
                    threshold = t;
                }
            }

            thresholdSum += threshold;
            var (a1, f1) = Score(test.Select(i => cosines[i] >= threshold).ToArray(), test.Select(i => labels[i]).ToArray());
            accT += a1;
            f1T += f1;

            var scorer = ParaphraseScorer.Fit(train.Select(i => cosines[i]).ToArray(), train.Select(i => overlaps[i]).ToArray(), train.Select(i => labels[i]).ToArray());
            var (a2, f2) = Score(test.Select(i => scorer.Probability(cosines[i], overlaps[i]) >= 0.5).ToArray(), test.Select(i => labels[i]).ToArray());
            accS += a2;
            f1S += f2;
        }

        var all = ParaphraseScorer.Fit(cosines, overlaps, labels);
        var output = TestContext.Current.TestOutputHelper!;
        var (accD, f1D) = Score(labels.Select((_, i) => ParaphraseScorer.Default.Probability(cosines[i], overlaps[i]) >= 0.5).ToArray(), labels);
        output.WriteLine($"{precision}: pairs {labels.Length}, positive {labels.Count(l => l)}");
        output.WriteLine($"cosine threshold (mean {thresholdSum / folds:F3}): CV accuracy {accT / folds:F4}, F1 {f1T / folds:F4}");
        output.WriteLine($"scorer: CV accuracy {accS / folds:F4}, F1 {f1S / folds:F4}");
        output.WriteLine($"default scorer on all pairs: accuracy {accD:F4}, F1 {f1D:F4}");
        output.WriteLine($"fit on all: {all}");
        Assert.True(accS / folds > 0.7);
    }
}
