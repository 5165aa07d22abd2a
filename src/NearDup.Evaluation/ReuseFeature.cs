namespace NearDup.Evaluation;

/// <summary>A measure of how much of a text comes from a source (see <see cref="ReuseFeatures"/>).</summary>
public enum ReuseFeature
{
    /// <summary>Share of the text's words matched inside aligned passages.</summary>
    Coverage,

    /// <summary>Matched words of the longest aligned passage over the text's words.</summary>
    LongestPassageShare,

    /// <summary>Share of the text's distinct words found in the source.</summary>
    Containment1,

    /// <summary>Share of the text's distinct word 2-grams found in the source.</summary>
    Containment2,

    /// <summary>Share of the text's distinct word 3-grams found in the source.</summary>
    Containment3,

    /// <summary>Share of the text's distinct word 4-grams found in the source.</summary>
    Containment4,

    /// <summary>Share of the text's distinct word 5-grams found in the source.</summary>
    Containment5,

    /// <summary>Share of the source's words matched inside aligned passages: how much of the source was used.</summary>
    SourceCoverage,

    /// <summary>Share of the text's words inside verbatim passages.</summary>
    VerbatimShare,

    /// <summary>Share of the text's words inside edited passages, matched or not.</summary>
    EditedShare,

    /// <summary>
    /// Matched words of the passages that keep the source's order (the heaviest run of passages increasing in both
    /// texts) over all matched words; 0 without passages.
    /// </summary>
    OrderKept,

    /// <summary>Mean over the text's sentences of the best cosine (word counts) with one source sentence.</summary>
    SentenceCosine,

    /// <summary>Share of the text's sentences whose best source sentence has a cosine of at least 0.8: copied or lightly edited.</summary>
    CopiedSentenceShare,

    /// <summary>Share of the text's sentences whose best cosine is in [0.4, 0.8): rewritten, keeping content words.</summary>
    RewrittenSentenceShare,

    /// <summary>Coverage by a lenient alignment (3-word seeds, passages from 5 matched words): heavily edited reuse.</summary>
    LooseCoverage,
}
