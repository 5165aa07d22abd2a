namespace NearDup.Semantic;

/// <summary>
/// Probability that two sentences are paraphrases, from their embedding cosine and lexical overlap: a logistic
/// model <c>σ(b + w₁·cosine + w₂·unmatched + w₃·numbersDiffer)</c>.
/// </summary>
/// <remarks>
/// The default weights were fitted on the MRPC training split with all-MiniLM-L6-v2 vectors
/// (<see cref="Default"/>; figures and command in docs/EVALUATION-semantic.md). They suit
/// <c>MiniLmEncoder</c>; another encoder needs its own fit (<see cref="Fit"/>).
/// </remarks>
/// <param name="Bias">Intercept.</param>
/// <param name="CosineWeight">Weight of the cosine of the two sentence vectors.</param>
/// <param name="UnmatchedWeight">Weight of <see cref="LexicalOverlap.Unmatched"/>.</param>
/// <param name="NumbersDifferWeight">Weight of <see cref="LexicalOverlap.NumbersDiffer"/> (0 or 1).</param>
internal sealed record ParaphraseScorer(double Bias, double CosineWeight, double UnmatchedWeight, double NumbersDifferWeight)
{
    /// <summary>
    /// Fitted on all 4,076 MRPC training pairs (MiniLM cosine, unmatched share, numbers differ). 10-fold
    /// cross-validated at probability 0.5: accuracy 0.752, F1 0.827 (one cosine threshold alone, 0.682: 0.732, 0.817) (docs/EVALUATION-semantic.md).
    /// </summary>
    public static ParaphraseScorer Default { get; } = new(-0.147, 3.977, -5.121, -0.502);

    /// <summary>Probability in [0, 1] that the two sentences say the same thing.</summary>
    public double Probability(float cosine, LexicalOverlap overlap)
    {
        double z = Bias + (CosineWeight * cosine) + (UnmatchedWeight * overlap.Unmatched) + (overlap.NumbersDiffer ? NumbersDifferWeight : 0);
        return 1.0 / (1.0 + Math.Exp(-z));
    }

    /// <summary>
    /// Fits the weights by logistic regression (batch gradient descent) on labelled sentence pairs.
    /// </summary>
    public static ParaphraseScorer Fit(ReadOnlySpan<float> cosines, ReadOnlySpan<LexicalOverlap> overlaps, ReadOnlySpan<bool> labels, int iterations = 4000)
    {
        if (cosines.Length != overlaps.Length || cosines.Length != labels.Length || cosines.Length == 0)
        {
            throw new ArgumentException("Fit needs one cosine, overlap and label per pair, and at least one pair.", nameof(labels));
        }

        Span<double> w = stackalloc double[4];
        Span<double> g = stackalloc double[4];
        Span<double> x = stackalloc double[4];
        w.Clear();
        x[0] = 1;
        for (int it = 0; it < iterations; it++)
        {
            g.Clear();
            for (int i = 0; i < cosines.Length; i++)
            {
                x[1] = cosines[i];
                x[2] = overlaps[i].Unmatched;
                x[3] = overlaps[i].NumbersDiffer ? 1 : 0;
                double z = (w[0] * x[0]) + (w[1] * x[1]) + (w[2] * x[2]) + (w[3] * x[3]);
                double error = (1.0 / (1.0 + Math.Exp(-z))) - (labels[i] ? 1 : 0);
                for (int k = 0; k < 4; k++)
                {
                    g[k] += error * x[k];
                }
            }

            for (int k = 0; k < 4; k++)
            {
                w[k] -= 2.0 * g[k] / cosines.Length;
            }
        }

        return new ParaphraseScorer(w[0], w[1], w[2], w[3]);
    }
}
