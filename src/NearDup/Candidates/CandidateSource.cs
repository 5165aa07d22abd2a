namespace NearDup.Candidates;

/// <summary>Which index proposed a candidate pair; a pair found by several carries every flag.</summary>
[Flags]
public enum CandidateSource
{
    None = 0,

    /// <summary>At least one MinHash LSH band collided (whole-document Jaccard near or above the threshold).</summary>
    MinHash = 1,

    /// <summary>Enough shared winnow fingerprints (containment or partial reuse).</summary>
    Winnow = 2,

    /// <summary>Equal content hashes: the same normalized token sequence.</summary>
    ExactHash = 4,

    All = MinHash | Winnow | ExactHash,
}
