using NearDup.Align;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Index;

/// <summary>Settings of a <see cref="NearDupIndex"/>: the scan's own stage settings, and the index's limits.</summary>
/// <remarks>The fingerprint and LSH settings are written into the index when it is created; opening it with others
/// fails, since fingerprints made with other settings do not compare.</remarks>
public sealed record IndexOptions
{
    public FingerprintOptions Fingerprint { get; init; } = new();

    public CandidateOptions Candidates { get; init; } = new();

    public AlignOptions Align { get; init; } = new();

    public RelateOptions Relate { get; init; } = new();

    /// <summary>
    /// Meaning-level matching (paraphrases, same-story summaries), as the scan's semantic stage: the candidate encoder
    /// gives each document a vector, kept in the index; a new document's nearest indexed vectors are screened and
    /// verified with the verify encoder. Default: off (no encoder); <see cref="From"/> takes the scan's, so
    /// <c>IndexOptions.From(MiniLmPresets.Default)</c> turns it on.
    /// </summary>
    public SemanticScanOptions Semantic { get; init; } = new();

    /// <summary>Relation kinds that put two documents in one story. Default: the group stage's
    /// (<see cref="GroupOptions.JoinKinds"/>: exact, near_exact, contains, shared_source, paraphrase).</summary>
    public IReadOnlySet<RelationKind> JoinKinds { get; init; } = new GroupOptions().JoinKinds;

    /// <summary>
    /// Stories by word similarity, as the scan's group stage: a new document's nearest indexed documents by tf-idf
    /// cosine name candidate stories, and its story merges with one while the average similarity over all their
    /// member pairs passes <see cref="GroupOptions.Threshold"/> (same_story and substantial partial relations add
    /// <see cref="GroupOptions.WeakLinkSimilarity"/>), so a report with no shared passage joins its story and stories
    /// do not chain. Default: the group stage's defaults; null: stories are the components of copy relations only
    /// (no word counts kept).
    /// </summary>
    public GroupOptions? Group { get; init; } = new();

    /// <summary>Candidates aligned per new document, best estimates first. Default 64.</summary>
    public int MaxAligned { get; init; } = 64;

    /// <summary>Longest text accepted, in characters. Default 4,194,304 (4 Mi).</summary>
    public int MaxDocumentChars { get; init; } = 4 << 20;

    /// <summary>The index settings that use <paramref name="scan"/>'s stage settings.</summary>
    public static IndexOptions From(ScanOptions scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new IndexOptions
        {
            Fingerprint = scan.Fingerprint,
            Candidates = scan.Candidates,
            Align = scan.Align,
            Relate = scan.Relate,
            JoinKinds = scan.Group.JoinKinds,
            Group = scan.Group,
            Semantic = scan.Semantic,
        };
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public IndexOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Fingerprint, nameof(Fingerprint));
        ArgumentNullException.ThrowIfNull(Candidates, nameof(Candidates));
        ArgumentNullException.ThrowIfNull(Align, nameof(Align));
        ArgumentNullException.ThrowIfNull(Relate, nameof(Relate));
        ArgumentNullException.ThrowIfNull(JoinKinds, nameof(JoinKinds));
        ArgumentNullException.ThrowIfNull(Semantic, nameof(Semantic));
        Fingerprint.Validate();
        Candidates.Validate();
        Align.Validate();
        Relate.Validate();
        Semantic.Validate();
        Group?.Validate();
        if (MaxAligned < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAligned), MaxAligned, "MaxAligned must be at least 1.");
        }

        if (MaxDocumentChars < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDocumentChars), MaxDocumentChars, "MaxDocumentChars must be at least 1.");
        }

        return this;
    }
}
