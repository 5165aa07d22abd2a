using System.Collections.Concurrent;

namespace NearDup.Fingerprint;

/// <summary>The k hash functions of a MinHash signature, derived from a seed; cached, since signatures of one corpus share them.</summary>
internal sealed class MinHashPermutations
{
    private static readonly ConcurrentDictionary<(ulong Seed, int Count), MinHashPermutations> Cache = new();
    private static MinHashPermutations? last;

    private MinHashPermutations(ulong seed, int count)
    {
        Seed = seed;
        // Padded to a multiple of 16 so the vector kernel never needs a scalar tail on the coefficients.
        int padded = (count + 15) & ~15;
        Multipliers = new uint[padded];
        Offsets = new uint[padded];
        ulong state = seed ^ 0x6A09E667F3BCC909UL;
        for (int i = 0; i < padded; i++)
        {
            Multipliers[i] = (uint)SplitMix(ref state) | 1u; // odd: multiplication mod 2^32 is then a bijection
            Offsets[i] = (uint)SplitMix(ref state);
        }
    }

    public ulong Seed { get; }

    public uint[] Multipliers { get; }

    public uint[] Offsets { get; }

    public static MinHashPermutations Get(ulong seed, int count)
    {
        MinHashPermutations? p = last;
        if (p is not null && p.Seed == seed && p.Multipliers.Length >= count && p.Multipliers.Length - count < 16)
        {
            return p;
        }

        p = Cache.GetOrAdd((seed, (count + 15) & ~15), static key => new MinHashPermutations(key.Seed, key.Count));
        last = p;
        return p;
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
