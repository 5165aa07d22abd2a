namespace NearDup.Evaluation;

/// <summary>BCubed precision, recall and F1 of a grouping (Bagga and Baldwin 1998; Amigó et al. 2009): per item, the
/// share of its predicted group that truly belongs with it, and of its true group that was put with it, averaged.</summary>
public sealed record BCubedMetrics(double Precision, double Recall, double F1)
{
    /// <summary>Compares two labelings; <c>predicted[i]</c> and <c>truth[i]</c> are the group labels of item i.</summary>
    public static BCubedMetrics Compute(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException("Both labelings must cover the same items.", nameof(truth));
        }

        var cells = new Dictionary<(int, int), int>();
        var rows = new Dictionary<int, int>();
        var cols = new Dictionary<int, int>();
        for (int i = 0; i < predicted.Count; i++)
        {
            var key = (predicted[i], truth[i]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
            rows[predicted[i]] = rows.GetValueOrDefault(predicted[i]) + 1;
            cols[truth[i]] = cols.GetValueOrDefault(truth[i]) + 1;
        }

        double precision = 0, recall = 0;
        for (int i = 0; i < predicted.Count; i++)
        {
            double both = cells[(predicted[i], truth[i])];
            precision += both / rows[predicted[i]];
            recall += both / cols[truth[i]];
        }

        int n = Math.Max(1, predicted.Count);
        precision = predicted.Count == 0 ? 1 : precision / n;
        recall = predicted.Count == 0 ? 1 : recall / n;
        return new BCubedMetrics(precision, recall, Metrics.F1(precision, recall));
    }
}
