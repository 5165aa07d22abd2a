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
}
