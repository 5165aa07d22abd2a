namespace NearDup.Index;

/// <summary>What the index keeps of one document.</summary>
/// <param name="Number">The store's number for it, given in order of adding and never reused.</param>
/// <param name="Id">The caller's id, unique in the index.</param>
/// <param name="ContentHash">Hash of the normalized tokens (<see cref="Fingerprint.ContentHash"/>).</param>
/// <param name="Signature">MinHash signature.</param>
/// <param name="Winnow">Distinct winnow fingerprints, ascending.</param>
/// <param name="TokenCount">Tokens in the text.</param>
/// <param name="Story">Number of the story it belongs to (the smallest document number among the story's members).</param>
/// <remarks><see cref="Text"/> is null when the document was read without its text.</remarks>
public sealed record IndexedDocument(long Number, string Id, ulong ContentHash, uint[] Signature, ulong[] Winnow, int TokenCount, long Story)
{
    /// <summary>The original text, or null when it was not read.</summary>
    public string? Text { get; init; }

    public string? Url { get; init; }

    public string? Source { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>
    /// The document vector of the meaning-level stage (<see cref="IndexOptions.Semantic"/>'s candidate encoder, unit
    /// length), or null when the index matches lexically only or the document's language is not covered.
    /// </summary>
    public float[]? Vector { get; init; }

    /// <summary>Its distinctive-name and figure keys (<see cref="Semantic.EntityKeys"/>), sorted; null with no <see cref="Vector"/>.</summary>
    public ulong[]? Entities { get; init; }
}
