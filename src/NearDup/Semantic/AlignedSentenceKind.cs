namespace NearDup.Semantic;

/// <summary>How the wording of two aligned sentences relates.</summary>
internal enum AlignedSentenceKind
{
    /// <summary>The same words: runs of identical words cover at least <see cref="SemanticOptions.VerbatimMinShare"/> of both sides.</summary>
    Verbatim,

    /// <summary>A copy with edits: identical runs cover at least <see cref="SemanticOptions.EditedMinShare"/> of the shorter side.</summary>
    Edited,

    /// <summary>The same meaning in other words.</summary>
    Paraphrase,
}
