using System.Runtime.InteropServices;

namespace NearDup.Candidates;

/// <summary>Evidence gathered for one unordered pair of documents.</summary>
internal struct PairEvidence
{
    public CandidateSource Sources;
    public int SharedFingerprints;
}

/// <summary>Unordered document pairs → evidence, keyed by <c>(min &lt;&lt; 32) | max</c>.</summary>
internal sealed class PairTable
{
    // ulong's own hash is hi ^ lo, which for (a, b) pair keys is a ^ b: neighbouring pairs collide en masse.
    private readonly Dictionary<ulong, PairEvidence> map = new(MixedKeyComparer.Instance);

    public int Count => map.Count;

    public Dictionary<ulong, PairEvidence> Entries => map;

    public static ulong Key(int a, int b) =>
        a < b ? ((ulong)(uint)a << 32) | (uint)b : ((ulong)(uint)b << 32) | (uint)a;

    public static (int A, int B) Split(ulong key) => ((int)(key >> 32), (int)(uint)key);

    public bool Contains(int a, int b) => map.ContainsKey(Key(a, b));

    public void Mark(int a, int b, CandidateSource source) =>
        CollectionsMarshal.GetValueRefOrAddDefault(map, Key(a, b), out _).Sources |= source;

    public void AddShared(int a, int b, int shared = 1) =>
        CollectionsMarshal.GetValueRefOrAddDefault(map, Key(a, b), out _).SharedFingerprints += shared;
}

/// <summary>Hashes a 64-bit key through a multiplicative mix (Fibonacci hashing) so that all its bits count.</summary>
internal sealed class MixedKeyComparer : IEqualityComparer<ulong>
{
    public static readonly MixedKeyComparer Instance = new();

    public bool Equals(ulong x, ulong y) => x == y;

    public int GetHashCode(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32);
}
