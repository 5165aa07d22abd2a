namespace NearDup.Evaluation.Synth;

/// <summary>Recall on the truth pairs of one kind.</summary>
public sealed record KindScore(SynthKind Kind, int Truth, int Found)
{
    public double Recall => Truth == 0 ? 1.0 : (double)Found / Truth;
}
