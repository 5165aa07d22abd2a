namespace NearDup.Fingerprint;

/// <summary>Settings of the fingerprint stage; defaults follow datasketch (<c>num_perm=128, seed=1</c>) and word 5-grams.</summary>
/// <remarks>
/// Winnowing guarantee (Schleimer, Wilkerson, Aiken 2003): any run of at least
/// <c>WinnowWindow + ShingleSize - 1</c> identical tokens shared by two documents yields at least one shared
/// winnow fingerprint. With the defaults (window 6, 5-grams) that is any shared run of 10 words; the expected
/// density is about <c>2 / (WinnowWindow + 1)</c> fingerprints per shingle (0.29).
/// </remarks>
public sealed record FingerprintOptions
{
    /// <summary>Words per shingle (word n-gram). Default 5.</summary>
    public int ShingleSize { get; init; } = 5;

    /// <summary>MinHash signature length k. Default 128; the estimate's standard error is about <c>sqrt(J(1-J)/k)</c>.</summary>
    public int NumPermutations { get; init; } = 128;

    /// <summary>Seed of the MinHash permutations. Signatures compare only when computed with the same seed. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Winnowing window w in shingles. Default 6: any shared run of <c>w + ShingleSize - 1</c> = 10 words shares a fingerprint.</summary>
    public int WinnowWindow { get; init; } = 6;

    /// <summary>Keep the token position of each winnow fingerprint in <see cref="DocumentFingerprint.WinnowPositions"/>. Default false.</summary>
    public bool KeepWinnowPositions { get; init; }

    /// <summary>Number of tokens after which a shared run is guaranteed to share a winnow fingerprint.</summary>
    public int GuaranteeThreshold => WinnowWindow + ShingleSize - 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    public FingerprintOptions Validate()
    {
        if (ShingleSize is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ShingleSize), ShingleSize, "ShingleSize must be in [1, 64].");
        }

        if (NumPermutations is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(NumPermutations), NumPermutations, "NumPermutations must be in [1, 4096].");
        }

        if (WinnowWindow is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(WinnowWindow), WinnowWindow, "WinnowWindow must be in [1, 1024].");
        }

        return this;
    }
}
