namespace NearDup.Align;

/// <summary>How the two sides of a <see cref="Passage"/> relate.</summary>
public enum PassageKind
{
    /// <summary>The normalized token sequences are identical.</summary>
    Verbatim,

    /// <summary>The same text with small edits: words inserted, deleted or substituted.</summary>
    Edited,

    /// <summary>The same content in other words; set by the semantic layer, never by the lexical <see cref="Aligner"/>.</summary>
    Paraphrase,
}
