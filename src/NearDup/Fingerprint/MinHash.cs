using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NearDup.Fingerprint;

/// <summary>
/// MinHash signatures of shingle sets (Broder, "On the resemblance and containment of documents", 1997):
/// for each of k hash functions, the minimum over the set; the share of equal positions in two signatures
/// estimates the Jaccard similarity of the sets.
/// </summary>
/// <remarks>
/// Each shingle is one 64-bit hash; permutation i maps its low 32 bits through <c>(x ^ b_i) * a_i</c> (a bijection,
/// <c>a_i</c> odd) followed by a xor-shift-multiply mixer, vectorised over the permutations (16 per AVX-512 register).
/// Signature values are 32-bit, as datasketch's; an empty set's signature is all <see cref="uint.MaxValue"/>.
/// Signatures compare only when built with the same <see cref="FingerprintOptions.Seed"/> and length.
/// </remarks>
internal sealed class MinHash
{
    private const uint Mixer = 0x7FEB352DU;

    private readonly MinHashPermutations permutations;
    private readonly uint[] values;

    /// <summary>An empty incremental MinHash with <see cref="FingerprintOptions.NumPermutations"/> values.</summary>
    public MinHash(FingerprintOptions? options = null)
    {
        options = (options ?? new()).Validate();
        permutations = MinHashPermutations.Get(options.Seed, options.NumPermutations);
        values = new uint[options.NumPermutations];
        Reset();
    }

    /// <summary>Signature length k.</summary>
    public int NumPermutations => values.Length;

    /// <summary>Adds one shingle hash.</summary>
    public void Update(ulong shingle) => Accumulate([shingle], values, permutations);

    /// <summary>Adds shingle hashes.</summary>
    public void Update(ReadOnlySpan<ulong> shingles) => Accumulate(shingles, values, permutations);

    /// <summary>Writes the current signature into <paramref name="destination"/> (exactly <see cref="NumPermutations"/> long).</summary>
    public void WriteSignature(Span<uint> destination)
    {
        CheckLength(destination.Length, values.Length, nameof(destination));
        values.CopyTo(destination);
    }

    /// <summary>Back to the empty set.</summary>
    public void Reset() => values.AsSpan().Fill(uint.MaxValue);

    /// <summary>One-shot signature of <paramref name="shingles"/> into <paramref name="signature"/>; allocates nothing.</summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not <see cref="FingerprintOptions.NumPermutations"/> long.</exception>
    public static void Compute(ReadOnlySpan<ulong> shingles, Span<uint> signature, FingerprintOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLength(signature.Length, options.NumPermutations, nameof(signature));
        signature.Fill(uint.MaxValue);
        Accumulate(shingles, signature, MinHashPermutations.Get(options.Seed, options.NumPermutations));
    }

    /// <summary>
    /// Estimated Jaccard similarity: the share of positions where the signatures agree. Unbiased, with a standard
    /// error of <c>sqrt(J(1-J)/k)</c>; signatures of two empty sets give 1.
    /// </summary>
    public static double Jaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Signatures differ in length ({a.Length} and {b.Length}); they come from different options.", nameof(b));
        }

        if (a.Length == 0)
        {
            throw new ArgumentException("Signatures are empty.", nameof(a));
        }

        return (double)EqualCount(a, b) / a.Length;
    }

    /// <summary>Positions where <paramref name="a"/> and <paramref name="b"/> (of one length) hold equal values: signatures, or their low bytes.</summary>
    internal static int EqualCount<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IEquatable<T>
    {
        int equal = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            ref T ra = ref MemoryMarshal.GetReference(a);
            ref T rb = ref MemoryMarshal.GetReference(b);
            for (; i <= a.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> eq = Vector256.Equals(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i));
                equal += BitOperations.PopCount(eq.ExtractMostSignificantBits());
            }
        }

        for (; i < a.Length; i++)
        {
            if (a[i].Equals(b[i]))
            {
                equal++;
            }
        }

        return equal;
    }

    /// <summary>Value of permutation i for one shingle; the scalar definition every vector path must match.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Permute(ulong shingle, uint multiplier, uint offset)
    {
        uint v = ((uint)shingle ^ offset) * multiplier;
        v ^= v >> 16;
        v *= Mixer;
        v ^= v >> 15;
        return v;
    }

    internal static void AccumulateScalar(ReadOnlySpan<ulong> shingles, Span<uint> signature, MinHashPermutations p, int start = 0)
    {
        uint[] a = p.Multipliers;
        uint[] b = p.Offsets;
        for (int i = start; i < signature.Length; i++)
        {
            uint min = signature[i];
            uint ai = a[i];
            uint bi = b[i];
            foreach (ulong s in shingles)
            {
                min = Math.Min(min, Permute(s, ai, bi));
            }

            signature[i] = min;
        }
    }

    internal static void Accumulate(ReadOnlySpan<ulong> shingles, Span<uint> signature, MinHashPermutations p)
    {
        if (shingles.IsEmpty)
        {
            return;
        }

        int done = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            done = Accumulate512(shingles, signature, p);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            done = Accumulate256(shingles, signature, p);
        }

        if (done < signature.Length)
        {
            AccumulateScalar(shingles, signature, p, done);
        }
    }

    // Outer loop over blocks of 16 permutations, inner over shingles: the shingles (a few KB) stay in L1 and
    // each block needs only three registers of state.
    private static int Accumulate512(ReadOnlySpan<ulong> shingles, Span<uint> signature, MinHashPermutations p)
    {
        ref uint ra = ref MemoryMarshal.GetArrayDataReference(p.Multipliers);
        ref uint rb = ref MemoryMarshal.GetArrayDataReference(p.Offsets);
        ref uint rs = ref MemoryMarshal.GetReference(signature);
        ref ulong sh = ref MemoryMarshal.GetReference(shingles);
        int n = shingles.Length;
        Vector512<uint> mixer = Vector512.Create(Mixer);
        int block = 0;
        for (; block <= signature.Length - 16; block += 16)
        {
            Vector512<uint> a = Vector512.LoadUnsafe(ref ra, (nuint)block);
            Vector512<uint> b = Vector512.LoadUnsafe(ref rb, (nuint)block);
            Vector512<uint> min0 = Vector512.LoadUnsafe(ref rs, (nuint)block);
            Vector512<uint> min1 = min0;
            int j = 0;
            for (; j <= n - 2; j += 2)
            {
                Vector512<uint> v0 = (Vector512.Create((uint)Unsafe.Add(ref sh, j)) ^ b) * a;
                Vector512<uint> v1 = (Vector512.Create((uint)Unsafe.Add(ref sh, j + 1)) ^ b) * a;
                v0 ^= Vector512.ShiftRightLogical(v0, 16);
                v1 ^= Vector512.ShiftRightLogical(v1, 16);
                v0 *= mixer;
                v1 *= mixer;
                v0 ^= Vector512.ShiftRightLogical(v0, 15);
                v1 ^= Vector512.ShiftRightLogical(v1, 15);
                min0 = Vector512.Min(min0, v0);
                min1 = Vector512.Min(min1, v1);
            }

            if (j < n)
            {
                Vector512<uint> v0 = (Vector512.Create((uint)Unsafe.Add(ref sh, j)) ^ b) * a;
                v0 ^= Vector512.ShiftRightLogical(v0, 16);
                v0 *= mixer;
                v0 ^= Vector512.ShiftRightLogical(v0, 15);
                min0 = Vector512.Min(min0, v0);
            }

            Vector512.Min(min0, min1).StoreUnsafe(ref rs, (nuint)block);
        }

        return block;
    }

    private static int Accumulate256(ReadOnlySpan<ulong> shingles, Span<uint> signature, MinHashPermutations p)
    {
        ref uint ra = ref MemoryMarshal.GetArrayDataReference(p.Multipliers);
        ref uint rb = ref MemoryMarshal.GetArrayDataReference(p.Offsets);
        ref uint rs = ref MemoryMarshal.GetReference(signature);
        ref ulong sh = ref MemoryMarshal.GetReference(shingles);
        int n = shingles.Length;
        Vector256<uint> mixer = Vector256.Create(Mixer);
        int block = 0;
        for (; block <= signature.Length - 8; block += 8)
        {
            Vector256<uint> a = Vector256.LoadUnsafe(ref ra, (nuint)block);
            Vector256<uint> b = Vector256.LoadUnsafe(ref rb, (nuint)block);
            Vector256<uint> min0 = Vector256.LoadUnsafe(ref rs, (nuint)block);
            Vector256<uint> min1 = min0;
            int j = 0;
            for (; j <= n - 2; j += 2)
            {
                Vector256<uint> v0 = (Vector256.Create((uint)Unsafe.Add(ref sh, j)) ^ b) * a;
                Vector256<uint> v1 = (Vector256.Create((uint)Unsafe.Add(ref sh, j + 1)) ^ b) * a;
                v0 ^= Vector256.ShiftRightLogical(v0, 16);
                v1 ^= Vector256.ShiftRightLogical(v1, 16);
                v0 *= mixer;
                v1 *= mixer;
                v0 ^= Vector256.ShiftRightLogical(v0, 15);
                v1 ^= Vector256.ShiftRightLogical(v1, 15);
                min0 = Vector256.Min(min0, v0);
                min1 = Vector256.Min(min1, v1);
            }

            if (j < n)
            {
                Vector256<uint> v0 = (Vector256.Create((uint)Unsafe.Add(ref sh, j)) ^ b) * a;
                v0 ^= Vector256.ShiftRightLogical(v0, 16);
                v0 *= mixer;
                v0 ^= Vector256.ShiftRightLogical(v0, 15);
                min0 = Vector256.Min(min0, v0);
            }

            Vector256.Min(min0, min1).StoreUnsafe(ref rs, (nuint)block);
        }

        return block;
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Signature span is {actual} long; NumPermutations is {expected}.", name);
        }
    }
}
