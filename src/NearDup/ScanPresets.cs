using NearDup.Candidates;
using NearDup.Pipeline;

namespace NearDup;

/// <summary>
/// Named scan settings that the library and the <c>neardup</c> command share. What <c>neardup scan</c> does by
/// default is <see cref="Lexical"/> plus the MiniLM semantic stage: <c>MiniLmPresets.Default</c> in the
/// <c>NearDup.Semantic.MiniLM</c> package, which this engine does not reference.
/// </summary>
/// <remarks>Each preset is an ordinary <see cref="ScanOptions"/>: change any setting with <c>with { ... }</c>.</remarks>
public static class ScanPresets
{
    /// <summary>
    /// Every lexical relation (exact, near-exact, contains, shared source, partial) with aligned passages, boilerplate
    /// learned across the corpus and furniture spliced into copies; no semantic stage. Equal to <c>new ScanOptions()</c>.
    /// </summary>
    public static ScanOptions Lexical { get; } = new();

    /// <summary>
    /// Fast whole-document near-duplicate detection for crawls, as the MinHash tools do it (datasketch, datatrove):
    /// MinHash LSH bands (Jaccard threshold <see cref="CandidateOptions.LshThreshold"/>, default 0.5) and exact content
    /// hashes, no alignment (relations carry the estimated Jaccard), no semantic stage, no boilerplate or furniture.
    /// Excerpts and partial reuse, found by the winnow index, are left out.
    /// </summary>
    public static ScanOptions CrawlDedup { get; } = new()
    {
        Candidates = new CandidateOptions { Sources = CandidateSource.MinHash | CandidateSource.ExactHash },
        CandidatesOnly = true,
        Boilerplate = null,
    };
}
