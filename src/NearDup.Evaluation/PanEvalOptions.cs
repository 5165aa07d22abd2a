using NearDup.Align;
using NearDup.Relate;

namespace NearDup.Evaluation;

/// <summary>How <see cref="PanEvaluator"/> turns alignments into detections.</summary>
public sealed record PanEvalOptions
{
    /// <summary>The aligner's settings. Default: the aligner's defaults, as <c>neardup scan</c> uses them.</summary>
    public AlignOptions Align { get; init; } = new();

    /// <summary>
    /// Fewest matched words a passage needs to be reported as a detection. Default: the relater's
    /// <see cref="RelateOptions.MinPartialTokens"/> (20, about one sentence), the length from which NearDup calls a
    /// lone shared passage reuse in a scan; shorter shared stretches are names and stock phrases. Not fitted to PAN.
    /// </summary>
    public int MinPassageTokens { get; init; } = new RelateOptions().MinPartialTokens;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public PanEvalOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Align);
        Align.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MinPassageTokens, 1, nameof(MinPassageTokens));
        return this;
    }
}
