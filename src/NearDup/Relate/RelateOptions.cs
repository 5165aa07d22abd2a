namespace NearDup.Relate;

/// <summary>Thresholds of the <see cref="Relater"/> rules, on coverage (fraction of a side's tokens matched).</summary>
public sealed record RelateOptions
{
    /// <summary>
    /// near_exact when both sides are at least this covered. Default 0.9: at most one word in ten differs or is
    /// unmatched on either side, the top of the range (0.8 to 0.9 Jaccard) near-duplicate tools default to.
    /// </summary>
    public double NearExactCoverage { get; init; } = 0.9;

    /// <summary>
    /// contains when one side is at least this covered (and the pair is not near_exact), whatever the other's
    /// coverage: that side is the other one's text save for a headline, a byline and light edits (a fifth of its
    /// words). Default 0.8.
    /// </summary>
    public double ContainedCoverage { get; init; } = 0.8;

    /// <summary>
    /// shared_source when most of the shorter side, at least this fraction, is shared. Default 0.5: the majority of
    /// its words come from the common text.
    /// </summary>
    public double SharedSourceCoverage { get; init; } = 0.5;

    /// <summary>
    /// ... and the longer side is covered at least this much. Default 0.2: a fifth of it. Below that the longer
    /// text only quotes part of the shorter one: partial.
    /// </summary>
    public double SharedSourceLongerCoverage { get; init; } = 0.2;

    /// <summary>
    /// partial when some passage matches at least this many words. Default 20, about one news sentence: shorter
    /// shared stretches are names and stock phrases ("Russian President Vladimir Putin and North Korean leader Kim
    /// Jong Un") that independent reports of one event share without copying.
    /// </summary>
    public int MinPartialTokens { get; init; } = 20;

    /// <summary>
    /// Scale of <see cref="Relation.Confidence"/> = 1 - exp(-matched / EvidenceTokens), matched being the words of
    /// the shorter side matched. Default 40 (two sentences): one sentence gives 0.39, five give 0.92.
    /// </summary>
    public double EvidenceTokens { get; init; } = 40;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        CheckFraction(NearExactCoverage, nameof(NearExactCoverage));
        CheckFraction(ContainedCoverage, nameof(ContainedCoverage));
        CheckFraction(SharedSourceCoverage, nameof(SharedSourceCoverage));
        CheckFraction(SharedSourceLongerCoverage, nameof(SharedSourceLongerCoverage));
        if (MinPartialTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPartialTokens), MinPartialTokens, "MinPartialTokens must be at least 1.");
        }

        if (!(EvidenceTokens > 0) || double.IsInfinity(EvidenceTokens))
        {
            throw new ArgumentOutOfRangeException(nameof(EvidenceTokens), EvidenceTokens, "EvidenceTokens must be a positive number.");
        }
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");
        }
    }
}
