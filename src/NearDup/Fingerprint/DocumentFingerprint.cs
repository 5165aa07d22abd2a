namespace NearDup.Fingerprint;

/// <summary>Everything stage 6 needs to find candidate pairs for one document.</summary>
/// <param name="ContentHash">Exact hash of the normalized token sequence (<see cref="Fingerprint.ContentHash"/>).</param>
/// <param name="Signature">MinHash signature, <see cref="FingerprintOptions.NumPermutations"/> values; all <see cref="uint.MaxValue"/> for an empty text.</param>
/// <param name="Winnow">Distinct winnow-selected shingle hashes, sorted ascending.</param>
/// <param name="WinnowPositions">
/// Token index of the first occurrence of each <paramref name="Winnow"/> hash (same order), or empty when
/// <see cref="FingerprintOptions.KeepWinnowPositions"/> is off.
/// </param>
/// <param name="TokenCount">Tokens in the text.</param>
/// <param name="ShingleCount">Shingles in the text (with repeats).</param>
/// <remarks>Equality of the arrays is by reference, as for any record; compare <see cref="ContentHash"/> for exact copies.</remarks>
internal sealed record DocumentFingerprint(
    ulong ContentHash,
    uint[] Signature,
    ulong[] Winnow,
    int[] WinnowPositions,
    int TokenCount,
    int ShingleCount)
{
    /// <summary>True for a text without a single token: it pairs with nothing.</summary>
    public bool IsEmpty => TokenCount == 0;
}
