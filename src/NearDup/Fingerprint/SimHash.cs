using System.Numerics;

namespace NearDup.Fingerprint;

/// <summary>
/// SimHash (Charikar, "Similarity estimation techniques from rounding algorithms", 2002): bit i of the
/// fingerprint is the majority vote of bit i over the feature hashes, so similar feature multisets give
/// fingerprints a small Hamming distance apart (the expected distance grows with their cosine angle).
/// </summary>
public static class SimHash
{
    // Expand[b] spreads the 8 bits of b over the 8 bytes of a ulong, so one add counts 8 bit positions at once.
    private static readonly ulong[] Expand = BuildExpand();

    /// <summary>SimHash of the 64-bit feature hashes (each counted with its multiplicity); 0 for no features.</summary>
    public static ulong Compute(ReadOnlySpan<ulong> features)
    {
        Span<int> counts = stackalloc int[64];
        counts.Clear();
        Span<ulong> lanes = stackalloc ulong[8];
        ulong[] expand = Expand;
        int i = 0;
        while (i < features.Length)
        {
            // Byte lanes count to 255 at most before they are flushed into the int counts.
            int end = Math.Min(features.Length, i + 255);
            lanes.Clear();
            for (; i < end; i++)
            {
                ulong h = features[i];
                lanes[0] += expand[(byte)h];
                lanes[1] += expand[(byte)(h >> 8)];
                lanes[2] += expand[(byte)(h >> 16)];
                lanes[3] += expand[(byte)(h >> 24)];
                lanes[4] += expand[(byte)(h >> 32)];
                lanes[5] += expand[(byte)(h >> 40)];
                lanes[6] += expand[(byte)(h >> 48)];
                lanes[7] += expand[(byte)(h >> 56)];
            }

            for (int b = 0; b < 8; b++)
            {
                ulong lane = lanes[b];
                for (int bit = 0; bit < 8; bit++)
                {
                    counts[(b * 8) + bit] += (int)((lane >> (bit * 8)) & 0xFF);
                }
            }
        }

        ulong result = 0;
        int n = features.Length;
        for (int bit = 0; bit < 64; bit++)
        {
            if (2 * counts[bit] > n)
            {
                result |= 1UL << bit;
            }
        }

        return result;
    }

    /// <summary>Number of differing bits, in [0, 64].</summary>
    public static int HammingDistance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static ulong[] BuildExpand()
    {
        var table = new ulong[256];
        for (int b = 0; b < 256; b++)
        {
            ulong v = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((b & (1 << bit)) != 0)
                {
                    v |= 1UL << (bit * 8);
                }
            }

            table[b] = v;
        }

        return table;
    }
}
