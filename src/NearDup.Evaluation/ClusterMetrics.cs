namespace NearDup.Evaluation;

/// <summary>Agreement between a predicted grouping and the true one, over the same items.</summary>
/// <param name="PairPrecision">Of the item pairs put together, the share that belong together.</param>
/// <param name="PairRecall">Of the item pairs that belong together, the share put together.</param>
/// <param name="AdjustedRandIndex">Hubert and Arabie's (1985) chance-corrected Rand index: 1 identical, about 0 random.</param>
public sealed record ClusterMetrics(double PairPrecision, double PairRecall, double PairF1, double AdjustedRandIndex)
{
    /// <summary>Compares two labelings; <c>predicted[i]</c> and <c>truth[i]</c> are the group labels of item i.</summary>
    public static ClusterMetrics Compute(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException("Both labelings must cover the same items.", nameof(truth));
        }

        var cells = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var cols = new Dictionary<int, long>();
        for (int i = 0; i < predicted.Count; i++)
        {
            var key = (predicted[i], truth[i]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
            rows[predicted[i]] = rows.GetValueOrDefault(predicted[i]) + 1;
            cols[truth[i]] = cols.GetValueOrDefault(truth[i]) + 1;
        }

        double both = 0, predictedPairs = 0, truePairs = 0;
        foreach (long c in cells.Values)
        {
            both += Choose2(c);
        }

        foreach (long c in rows.Values)
        {
            predictedPairs += Choose2(c);
        }

        foreach (long c in cols.Values)
        {
            truePairs += Choose2(c);
        }

        double precision = predictedPairs == 0 ? 1 : both / predictedPairs;
        double recall = truePairs == 0 ? 1 : both / truePairs;
        double all = Choose2(predicted.Count);
        double expected = all == 0 ? 0 : predictedPairs * truePairs / all;
        double max = (predictedPairs + truePairs) / 2;
        double ari = max == expected ? 1 : (both - expected) / (max - expected);
        return new ClusterMetrics(precision, recall, Metrics.F1(precision, recall), ari);
    }

    private static double Choose2(long n) => n * (n - 1) / 2.0;
}
