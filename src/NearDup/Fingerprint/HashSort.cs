using System.Buffers;

namespace NearDup.Fingerprint;

/// <summary>
/// Sorts 64-bit hashes (uniformly spread values) with an <c>int</c> riding along each, stably: placed by their top bits
/// into about as many buckets as there are hashes (one pass), then an insertion sort that only reorders within a
/// bucket. Several times faster than introsort on the ~100-2,000 hashes of a document; introsort above
/// <see cref="MaxBucketed"/>.
/// </summary>
internal static class HashSort
{
    /// <summary>Above this many hashes <see cref="Sort"/> is <c>MemoryExtensions.Sort</c> (not stable).</summary>
    public const int MaxBucketed = 1 << 15;

    /// <summary>Sorts <paramref name="keys"/> ascending in place, moving <paramref name="values"/> with them; equal
    /// keys keep their order up to <see cref="MaxBucketed"/> keys.</summary>
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

        ulong[] scratchKeys = ArrayPool<ulong>.Shared.Rent(n);
        int[] scratchValues = ArrayPool<int>.Shared.Rent(n);
        try
        {
            int bits = n <= 512 ? 8 : 12;
            int shift = 64 - bits;
            Span<int> next = stackalloc int[(1 << bits) + 1];
            next.Clear();
            foreach (ulong key in keys)
            {
                next[(int)(key >> shift) + 1]++;
            }

            for (int b = 1; b < next.Length; b++)
            {
                next[b] += next[b - 1];
            }

            for (int i = 0; i < n; i++)
            {
                int slot = next[(int)(keys[i] >> shift)]++;
                scratchKeys[slot] = keys[i];
                scratchValues[slot] = values[i];
            }

            scratchKeys.AsSpan(0, n).CopyTo(keys);
            scratchValues.AsSpan(0, n).CopyTo(values);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratchKeys);
            ArrayPool<int>.Shared.Return(scratchValues);
        }

        for (int i = 1; i < n; i++)
        {
            ulong key = keys[i];
            int value = values[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }

            keys[j + 1] = key;
            values[j + 1] = value;
        }
    }
}
