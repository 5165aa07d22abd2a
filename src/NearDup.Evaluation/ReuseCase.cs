namespace NearDup.Evaluation;

/// <summary>A passage of <see cref="Suspicious"/> that reuses a passage of <see cref="Source"/> (a true case or a detection).</summary>
public readonly record struct ReuseCase(string Suspicious, TextSpan SuspiciousSpan, string Source, TextSpan SourceSpan)
{
    /// <summary>PAN's "r detects s": same document pair, overlapping in both documents.</summary>
    public bool Detects(ReuseCase other) =>
        Suspicious == other.Suspicious && Source == other.Source &&
        SuspiciousSpan.Overlaps(other.SuspiciousSpan) && SourceSpan.Overlaps(other.SourceSpan);

    public int Characters => SuspiciousSpan.Length + SourceSpan.Length;
}
