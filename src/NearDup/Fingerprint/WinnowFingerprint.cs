namespace NearDup.Fingerprint;

/// <summary>A winnow-selected shingle hash and the index of its shingle (= the token index where the shingle starts).</summary>
internal readonly record struct WinnowFingerprint(ulong Hash, int Position);
