namespace NearDup.Index;

/// <summary>The kinds of key under which the index files a document: one posting list of documents per key.</summary>
internal enum PostingKind
{
    /// <summary>An LSH band of the MinHash signature (whole-document Jaccard).</summary>
    Band = 1,

    /// <summary>A winnow fingerprint (shared passages, containment).</summary>
    Winnow = 2,

    /// <summary>The exact content hash (copies word for word).</summary>
    Content = 3,
}
