using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Fingerprint;

/// <summary>
/// Sorts 64-bit hashes (uniformly spread values) with an <c>int</c> riding along each, stably: placed by their top bits
/// into about twice as many buckets as there are hashes, each inserted in order among its bucket's hashes placed
/// before it (one pass). Several times faster than introsort on the ~100-2,000 hashes of a document; introsort above
/// <see cref="MaxBucketed"/>.
/// </summary>
internal static class HashSort
{
    /// <summary>Above this many hashes <see cref="Sort"/> is <c>MemoryExtensions.Sort</c> (not stable).</summary>
    public const int MaxBucketed = 1 << 15;

    // Up to this many hashes the scratch is on the stack (6 KB), not rented.
    private const int MaxOnStack = 512;

    /// <summary>Sorts <paramref name="keys"/> ascending in place, moving <paramref name="values"/> with them; equal
    /// keys keep their order up to <see cref="MaxBucketed"/> keys.</summary>
    [SkipLocalsInit] // every scratch slot read is written first
    public static void Sort(Span<ulong> keys, Span<int> values)
    {
        if (keys.Length != values.Length)
        {
            throw new ArgumentException("Keys and values differ in length.", nameof(values));
        }

        int n = keys.Length;
        if (n > MaxBucketed)
        {
            keys.Sort(values);
            return;
        }

        if (n < 2)
        {
            return;
        }

        // 2-4 buckets a hash up to 512 of them, 4-8 above (the insertions, a mispredicted branch each time a bucket
        // is shared, cost more there than the longer prefix sum saves). Measured on 64 documents' worth of random
        // hashes: 160 hashes 0.9 µs against 1.4 µs before (256 buckets whatever the count, the prefix sum carried
        // through memory, scratch rented), 300 1.8 against 2.8, 700 6.2 against 8.0.
        int bits = Math.Clamp(BitOperations.Log2((uint)n) + (n <= MaxOnStack ? 1 : 2), 4, 12);
        int shift = 64 - bits;
        Span<int> next = stackalloc int[1 << bits];
        Span<int> first = stackalloc int[1 << bits];
        ulong[]? rentedKeys = null;
        int[]? rentedValues = null;
        Span<ulong> sortedKeys = n <= MaxOnStack ? stackalloc ulong[MaxOnStack] : (rentedKeys = ArrayPool<ulong>.Shared.Rent(n));
        Span<int> sortedValues = n <= MaxOnStack ? stackalloc int[MaxOnStack] : (rentedValues = ArrayPool<int>.Shared.Rent(n));
        next.Clear();
        ref ulong k = ref MemoryMarshal.GetReference(keys);
        ref int v = ref MemoryMarshal.GetReference(values);
        ref int c = ref MemoryMarshal.GetReference(next);
        ref int f = ref MemoryMarshal.GetReference(first);
        ref ulong sk = ref MemoryMarshal.GetReference(sortedKeys);
        ref int sv = ref MemoryMarshal.GetReference(sortedValues);
        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref c, (nint)(Unsafe.Add(ref k, i) >> shift))++;
        }

        int sum = 0;
        for (int b = 0; b < next.Length; b++)
        {
            int count = Unsafe.Add(ref c, b);
            Unsafe.Add(ref c, b) = sum;
            Unsafe.Add(ref f, b) = sum;
            sum += count;
        }

        for (int i = 0; i < n; i++)
        {
            ulong key = Unsafe.Add(ref k, i);
            int value = Unsafe.Add(ref v, i);
            nint bucket = (nint)(key >> shift);
            int low = Unsafe.Add(ref f, bucket);
            int j = Unsafe.Add(ref c, bucket)++ - 1;
            while (j >= low && Unsafe.Add(ref sk, j) > key)
            {
                Unsafe.Add(ref sk, j + 1) = Unsafe.Add(ref sk, j);
                Unsafe.Add(ref sv, j + 1) = Unsafe.Add(ref sv, j);
                j--;
            }

            Unsafe.Add(ref sk, j + 1) = key;
            Unsafe.Add(ref sv, j + 1) = value;
        }

        sortedKeys[..n].CopyTo(keys);
        sortedValues[..n].CopyTo(values);
        if (rentedKeys is not null)
        {
            ArrayPool<ulong>.Shared.Return(rentedKeys);
            ArrayPool<int>.Shared.Return(rentedValues!);
        }
    }
}
