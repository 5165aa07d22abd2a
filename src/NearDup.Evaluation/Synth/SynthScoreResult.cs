namespace NearDup.Evaluation.Synth;

/// <summary>How reported pairs compare with the truth of a synthetic corpus.</summary>
/// <param name="TruePositives">Reported pairs that are in the truth.</param>
/// <param name="FalsePositives">Reported pairs that are not.</param>
/// <param name="FalseNegatives">Truth pairs not reported.</param>
/// <param name="PerKind">Recall by truth kind, in <see cref="SynthKind"/> order, kinds with truth pairs only.</param>
public sealed record SynthScoreResult(int TruePositives, int FalsePositives, int FalseNegatives, IReadOnlyList<KindScore> PerKind)
{
    /// <summary>TP / (TP + FN); 1 when the truth is empty.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>TP / (TP + FP); 1 when nothing was reported.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
