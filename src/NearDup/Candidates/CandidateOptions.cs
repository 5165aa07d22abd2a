namespace NearDup.Candidates;

/// <summary>Settings of the candidate stage. The signature length is the fingerprints'
/// (<see cref="Fingerprint.FingerprintOptions.NumPermutations"/>), not set here again.</summary>
public sealed record CandidateOptions
{
    /// <summary>Jaccard threshold the LSH bands are tuned for. Default 0.5 (b = 25, r = 5 at 128 permutations).</summary>
    public double LshThreshold { get; init; } = 0.5;

    /// <summary>Weight of false positives in the choice of bands and rows; false negatives get 1 minus it. Default 0.5.</summary>
    public double LshFalsePositiveWeight { get; init; } = 0.5;

    /// <summary>
    /// Winnow fingerprints two documents must share to pair (or all of the smaller one's, when it has fewer).
    /// Default 3: with the default fingerprints, a shared passage of about 15 words.
    /// </summary>
    public int MinSharedFingerprints { get; init; } = 3;

    /// <summary>Shared winnow fingerprints over the smaller document's, required to pair. Default 0.05.</summary>
    public double MinContainment { get; init; } = 0.05;

    /// <summary>Documents a winnow fingerprint may be in before it is ignored as common text (boilerplate). Default 100.</summary>
    public int MaxPostings { get; init; } = 100;

    /// <summary>Indexes to use. Default all.</summary>
    public CandidateSource Sources { get; init; } = CandidateSource.All;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    public CandidateOptions Validate()
    {
        if (double.IsNaN(LshThreshold) || LshThreshold is < 0.0 or > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(LshThreshold), LshThreshold, "LshThreshold must be in [0.0, 1.0].");
        }

        if (double.IsNaN(LshFalsePositiveWeight) || LshFalsePositiveWeight is < 0.0 or > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(LshFalsePositiveWeight), LshFalsePositiveWeight, "LshFalsePositiveWeight must be in [0.0, 1.0].");
        }

        if (MinSharedFingerprints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSharedFingerprints), MinSharedFingerprints, "MinSharedFingerprints must be at least 1.");
        }

        if (double.IsNaN(MinContainment) || MinContainment is < 0.0 or > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinContainment), MinContainment, "MinContainment must be in [0.0, 1.0].");
        }

        if (MaxPostings < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPostings), MaxPostings, "MaxPostings must be at least 2.");
        }

        if ((Sources & ~CandidateSource.All) != 0 || Sources == CandidateSource.None)
        {
            throw new ArgumentOutOfRangeException(nameof(Sources), Sources, "Sources must name at least one of MinHash, Winnow, ExactHash.");
        }

        return this;
    }
}
