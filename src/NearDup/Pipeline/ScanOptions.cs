using NearDup.Align;
using NearDup.Boilerplate;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Passages;
using NearDup.Relate;

namespace NearDup.Pipeline;

/// <summary>Settings of a whole scan, one record per stage.</summary>
public sealed record ScanOptions
{
    public FingerprintOptions Fingerprint { get; init; } = new();

    public CandidateOptions Candidates { get; init; } = new();

    public AlignOptions Align { get; init; } = new();

    public RelateOptions Relate { get; init; } = new();

    public GroupOptions Group { get; init; } = new();

    /// <summary>
    /// Boilerplate learned across the corpus (dropped from the evidence of reuse) and furniture spliced into copies
    /// (reported); null switches both off.
    /// </summary>
    public BoilerplateOptions? Boilerplate { get; init; } = new();

    /// <summary>The meaning-level stage; off unless an encoder is given.</summary>
    public SemanticScanOptions Semantic { get; init; } = new();

    /// <summary>Worker threads for fingerprinting and verification; default: one per core.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Documents fingerprinted together; bounds memory held for raw text while reading. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Which pairs are aligned and reported: <see cref="RelationsMode.Tree"/> (default) or every one.</summary>
    public RelationsMode Relations { get; init; } = RelationsMode.Tree;

    /// <summary>
    /// Tree mode: a candidate is a copy candidate (aligned along the tree) when its hashes are equal or its estimate
    /// (MinHash Jaccard or winnow containment, whichever is larger) is at least this; others are partial overlaps,
    /// reported through passage clusters. Default 0.3. A copy kind needs at least half the shorter side aligned
    /// (<c>RelateOptions.SharedSourceCoverage</c>); on the seeds, the examples and 20,000 synthetic documents
    /// aligned pair by pair, no exact, near_exact, contains or shared_source pair had an estimate below 0.41, and
    /// 0.3 leaves a margin for edits that break shingles but not the alignment.
    /// </summary>
    public double CopyEstimate { get; init; } = 0.3;

    /// <summary>Reprinted passages found once for all the documents that share them; null switches them off.</summary>
    public PassageOptions? Passages { get; init; } = new();

    /// <summary>Stop after candidate generation (no alignment): the whole-document dedup that MinHash tools do.</summary>
    public bool CandidatesOnly { get; init; }

    /// <summary>
    /// Receives how far the scan is, once per batch or window of each stage, on the scan's own threads; default null
    /// (no reports). The command line draws it on standard error.
    /// </summary>
    public IProgress<ScanProgress>? Progress { get; init; }

    /// <summary>Folder for the temporary text spill file; default: the system temp folder.</summary>
    public string? SpillDirectory { get; init; }

    public ScanOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!Enum.IsDefined(Relations))
        {
            throw new ArgumentOutOfRangeException(nameof(Relations), Relations, "Relations must be Tree or All.");
        }

        if (!(CopyEstimate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CopyEstimate), CopyEstimate, "CopyEstimate must be in [0.0, 1.0].");
        }

        Passages?.Validate();
        Fingerprint.Validate();
        Candidates.Validate();
        Align.Validate();
        Relate.Validate();
        Group.Validate();
        Semantic.Validate();
        Boilerplate?.Validate();
        return this;
    }
}
