using System.Text;
using NearDup.Extract;

namespace NearDup.Evaluation;

/// <summary>
/// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark, evaluate.py):
/// precision, recall and F1 over 4-token shingles of the extracted against the true article body.
/// </summary>
/// <remarks>
/// Tokens are Python's <c>\w+</c> on str: runs of letters (L*), numbers (N*) and underscore, case kept.
/// Per page, shingle counts are matched as multisets and divided by their sum; precision is the mean over pages
/// that predicted something, recall the mean over pages with a true body, F1 their harmonic mean.
/// A text of fewer than four tokens is one shorter shingle.
/// </remarks>
public static class ExtractionMetrics
{
    /// <summary>The shingle length evaluate.py uses.</summary>
    public const int ShingleLength = 4;

    /// <summary>Splits <paramref name="text"/> into <c>\w+</c> tokens as Python's <c>re</c> does on str.</summary>
    public static List<string> Tokenize(string? text) => WordTokens.Tokenize(text);

    /// <summary>Shingle counts of <paramref name="predicted"/> against <paramref name="truth"/>, normalized to sum 1.</summary>
    public static ExtractionShingleCounts Compare(string? truth, string? predicted, int shingleLength = ShingleLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleLength, 1);
        Dictionary<string, int> trueShingles = Shingles(truth, shingleLength);
        Dictionary<string, int> predShingles = Shingles(predicted, shingleLength);
        double tp = 0, fp = 0, fn = 0;
        foreach (KeyValuePair<string, int> pair in trueShingles)
        {
            int pred = predShingles.GetValueOrDefault(pair.Key);
            tp += Math.Min(pair.Value, pred);
            fn += Math.Max(0, pair.Value - pred);
        }

        foreach (KeyValuePair<string, int> pair in predShingles)
        {
            fp += Math.Max(0, pair.Value - trueShingles.GetValueOrDefault(pair.Key));
        }

        double sum = tp + fp + fn;
        return sum > 0 ? new(tp / sum, fp / sum, fn / sum) : new(0, 0, 0);
    }

    private static Dictionary<string, int> Shingles(string? text, int n)
    {
        List<string> tokens = Tokenize(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return counts;
        }

        int last = Math.Max(1, tokens.Count - n + 1);
        var key = new StringBuilder();
        for (int i = 0; i < last; i++)
        {
            key.Clear();
            int end = Math.Min(tokens.Count, i + n);
            for (int j = i; j < end; j++)
            {
                // U+0001 cannot occur inside a \w token, so joined keys are unambiguous.
                key.Append(tokens[j]).Append('\u0001');
            }

            string shingle = key.ToString();
            counts[shingle] = counts.GetValueOrDefault(shingle) + 1;
        }

        return counts;
    }

    /// <summary>evaluate.py's precision_score: 1 when nothing is wrong, 0 when nothing was predicted right.</summary>
    public static double Precision(ExtractionShingleCounts c) =>
        c.FalsePositives == 0 && c.FalseNegatives == 0 ? 1.0
        : c.TruePositives == 0 && c.FalsePositives == 0 ? 0.0
        : c.TruePositives / (c.TruePositives + c.FalsePositives);

    /// <summary>evaluate.py's recall_score.</summary>
    public static double Recall(ExtractionShingleCounts c) =>
        c.FalsePositives == 0 && c.FalseNegatives == 0 ? 1.0
        : c.TruePositives == 0 && c.FalseNegatives == 0 ? 0.0
        : c.TruePositives / (c.TruePositives + c.FalseNegatives);

    /// <summary>
    /// Mean precision over pages with TP+FP &gt; 0, mean recall over pages with TP+FN &gt; 0, and their harmonic mean
    /// (evaluate.py's metrics_from_tp_fp_fns). Returns zeros for an empty list.
    /// </summary>
    public static (double Precision, double Recall, double F1) Aggregate(IReadOnlyList<ExtractionShingleCounts> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        double precisionSum = 0, recallSum = 0;
        int precisionPages = 0, recallPages = 0;
        foreach (ExtractionShingleCounts c in pages)
        {
            if (c.TruePositives + c.FalsePositives > 0)
            {
                precisionSum += Precision(c);
                precisionPages++;
            }

            if (c.TruePositives + c.FalseNegatives > 0)
            {
                recallSum += Recall(c);
                recallPages++;
            }
        }

        double precision = precisionPages > 0 ? precisionSum / precisionPages : 0;
        double recall = recallPages > 0 ? recallSum / recallPages : 0;
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return (precision, recall, f1);
    }
}
