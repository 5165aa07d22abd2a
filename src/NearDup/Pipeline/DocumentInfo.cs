namespace NearDup.Pipeline;

/// <summary>What a scan keeps of a document once its text is stored away: identity, provenance and size.</summary>
/// <param name="Ordinal">Position in the run, 0-based; relations and stories refer to documents by it.</param>
public sealed record DocumentInfo(
    int Ordinal,
    string Id,
    string? Origin,
    string? Url,
    string? Source,
    DateTimeOffset? Published,
    int Characters,
    int Tokens,
    ulong ContentHash)
{
    /// <summary>ISO 639-1 code of the text's language (<see cref="Language.LanguageDetector"/>), or <c>und</c>.</summary>
    public string Language { get; init; } = NearDup.Language.LanguageDetector.Undetermined;

    /// <summary>
    /// What the report should say about how this document was read and matched: decoded by detection, meaning-level
    /// matching skipped (language not covered by the model), encoding capped (long document).
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
