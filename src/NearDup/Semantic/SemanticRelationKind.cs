namespace NearDup.Semantic;

/// <summary>What the meaning-level comparison of two documents found.</summary>
internal enum SemanticRelationKind
{
    /// <summary>Neither aligned text nor a shared story.</summary>
    None,

    /// <summary>The same event reported independently: similar documents, little aligned text.</summary>
    SameStory,

    /// <summary>One document rewrites the other: most of the shorter one's sentences align, in order, in other words.</summary>
    Paraphrase,

    /// <summary>
    /// Most of the shorter one's sentences align, but in mostly the same words: lexical reuse, which the lexical
    /// engine describes better (exact, excerpt, shared source); reported so the semantic stage never calls it paraphrase.
    /// </summary>
    TextReuse,
}
