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
    ulong ContentHash);
