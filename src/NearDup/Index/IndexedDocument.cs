using System.Text.Json.Serialization;

namespace NearDup.Index;

/// <summary>A document of the index, as <see cref="NearDupIndex.GetAsync"/> returns it.</summary>
/// <remarks>What the store keeps to match it (its number, fingerprints, vector) stays inside the engine. The JSON
/// attributes are for the Redis store's journal, which writes whole records.</remarks>
public sealed record IndexedDocument
{
    /// <param name="number">The store's number for it, given in order of adding and never reused.</param>
    /// <param name="id">The caller's id, unique in the index.</param>
    /// <param name="contentHash">Hash of the normalized tokens (<see cref="Fingerprint.ContentHash"/>).</param>
    /// <param name="signature">MinHash signature.</param>
    /// <param name="winnow">Distinct winnow fingerprints, ascending.</param>
    /// <param name="tokenCount">Tokens in the text.</param>
    /// <param name="story">Number of the story it belongs to.</param>
    [JsonConstructor]
    internal IndexedDocument(long number, string id, ulong contentHash, uint[] signature, ulong[] winnow, int tokenCount, long story)
    {
        Number = number;
        Id = id;
        ContentHash = contentHash;
        Signature = signature;
        Winnow = winnow;
        TokenCount = tokenCount;
        Story = story;
    }

    /// <summary>The caller's id, unique in the index.</summary>
    public string Id { get; internal init; }

    /// <summary>The story it belongs to: the number <see cref="NearDupIndex.StoryAsync"/> takes.</summary>
    public long Story { get; internal init; }

    /// <summary>Tokens in the text.</summary>
    public int TokenCount { get; internal init; }

    /// <summary>The original text, or null when it was not read.</summary>
    [JsonInclude]
    public string? Text { get; internal init; }

    [JsonInclude]
    public string? Url { get; internal init; }

    [JsonInclude]
    public string? Source { get; internal init; }

    [JsonInclude]
    public DateTimeOffset? Published { get; internal init; }

    /// <summary>The store's number for it, given in order of adding and never reused; a story's number is its first member's.</summary>
    [JsonInclude]
    internal long Number { get; init; }

    /// <summary>Hash of the normalized tokens (<see cref="Fingerprint.ContentHash"/>).</summary>
    [JsonInclude]
    internal ulong ContentHash { get; init; }

    /// <summary>MinHash signature.</summary>
    [JsonInclude]
    internal uint[] Signature { get; init; }

    /// <summary>Distinct winnow fingerprints, ascending.</summary>
    [JsonInclude]
    internal ulong[] Winnow { get; init; }

    /// <summary>
    /// The document vector of the meaning-level stage (<see cref="IndexOptions.Semantic"/>'s candidate encoder, unit
    /// length), or null when the index matches lexically only or the document's language is not covered.
    /// </summary>
    [JsonInclude]
    internal float[]? Vector { get; init; }

    /// <summary>Its distinctive-name and figure keys (<see cref="Semantic.EntityKeys"/>), sorted; null with no <see cref="Vector"/>.</summary>
    [JsonInclude]
    internal ulong[]? Entities { get; init; }
}
