using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NearDup.Fingerprint;

/// <summary>
/// Robust winnowing (Schleimer, Wilkerson, Aiken, "Winnowing: local algorithms for document fingerprinting",
/// SIGMOD 2003): in every window of w consecutive shingle hashes the minimum is selected; ties keep the hash
/// already selected by the previous window, else take the rightmost. Guarantee: two texts sharing a run of
/// at least <c>w + n - 1</c> tokens (n = shingle size) share a selected hash; runs shorter than n are never seen.
/// </summary>
internal static class Winnower
{
    /// <summary>Upper bound on the fingerprints selected from <paramref name="hashCount"/> hashes.</summary>
    public static int MaxCount(int hashCount, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hashCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return hashCount == 0 ? 0 : Math.Max(1, hashCount - window + 1);
    }

    /// <summary>
    /// Writes the selected fingerprints, in increasing position, into <paramref name="destination"/> and returns
    /// their count. Fewer hashes than <paramref name="window"/> form one window (their minimum is selected).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="MaxCount"/>.</exception>
    public static int Select(ReadOnlySpan<ulong> hashes, int window, Span<WinnowFingerprint> destination)
    {
        int max = MaxCount(hashes.Length, window);
        if (destination.Length < max)
        {
            throw new ArgumentException($"Destination holds {destination.Length} fingerprints; up to {max} are needed.", nameof(destination));
        }

        if (max == 0)
        {
            return 0;
        }

        int w = Math.Min(window, hashes.Length);
        int count = 0;
        int minPos = -1;
        int first = w - 1;
        if (Avx2.IsSupported && w <= MaxBlockWindow && Unsafe.SizeOf<WinnowFingerprint>() == 16)
        {
            first += SelectByBlocks(hashes, w, destination, out count, out minPos);
        }

        for (int right = first; right < hashes.Length; right++)
        {
            int left = right - w + 1;
            if (minPos < left)
            {
                // The selected minimum left the window: rescan it, rightmost minimum wins.
                minPos = left;
                for (int j = left + 1; j <= right; j++)
                {
                    if (hashes[j] <= hashes[minPos])
                    {
                        minPos = j;
                    }
                }

                destination[count++] = new WinnowFingerprint(hashes[minPos], minPos);
            }
            else if (hashes[right] < hashes[minPos])
            {
                // Strictly smaller only: on a tie the previous selection stands (robust winnowing).
                minPos = right;
                destination[count++] = new WinnowFingerprint(hashes[minPos], minPos);
            }
        }

        return count;
    }

    // Widest window the four-window blocks take: their cost grows with it, the scan's below (amortized) does not.
    private const int MaxBlockWindow = 16;

    // The windows from the first, four at a time, as many as there are whole blocks of: returns how many. Each block's
    // rightmost minima are found with w - 1 compares and blends, and the fingerprints are written whether selected or
    // not and counted only when they are, so no branch depends on the hashes (the scan's two comparisons a window were
    // mispredicted about once a fingerprint: 2.4 µs against 1.2 µs on 550 random hashes, window 6). minPos is the
    // last window's selection, as the scan below keeps it.
    private static int SelectByBlocks(ReadOnlySpan<ulong> hashes, int w, Span<WinnowFingerprint> destination, out int count, out int minPos)
    {
        ref ulong h = ref MemoryMarshal.GetReference(hashes);
        ref byte written = ref Unsafe.As<WinnowFingerprint, byte>(ref MemoryMarshal.GetReference(destination));
        Vector256<long> lanes = Vector256.Create(0L, 1, 2, 3);
        Vector256<long> bias = Vector256.Create(long.MinValue); // unsigned order as signed: AVX2 compares signed only
        int windows = hashes.Length - w + 1;
        int selected = 0;
        int previous = -1;
        long previousHash = 0;
        int left = 0;
        for (; left <= windows - 4; left += 4)
        {
            Vector256<long> min = Vector256.LoadUnsafe(ref h, (nuint)left).AsInt64() ^ bias;
            Vector256<long> at = Vector256.Create((long)left) + lanes;
            Vector256<long> candidate = at;
            for (int j = 1; j < w; j++)
            {
                Vector256<long> v = Vector256.LoadUnsafe(ref h, (nuint)(left + j)).AsInt64() ^ bias;
                candidate += Vector256<long>.One;
                Vector256<long> greater = Avx2.CompareGreaterThan(v, min); // ties go right
                min = Avx2.BlendVariable(v, min, greater);
                at = Avx2.BlendVariable(candidate, at, greater);
            }

            min ^= bias;
            // Each lane's window selects anew where its minimum is not the one the window before selected.
            Vector256<long> before = Avx2.Permute4x64(at, 0b10_01_00_00).WithElement(0, previous);
            Vector256<long> beforeHash = Avx2.Permute4x64(min, 0b10_01_00_00).WithElement(0, previousHash);
            Vector256<long> changed = ~Vector256.Equals(at, before);
            if ((Vector256.Equals(min, beforeHash) & changed) != Vector256<long>.Zero)
            {
                // A minimum equal to the hash selected before (a repeated shingle): the robust rule decides, window by window.
                for (int k = 0; k < 4; k++)
                {
                    ulong hash = (ulong)min.GetElement(k);
                    int position = (int)at.GetElement(k);
                    if (hash == (ulong)previousHash && position != previous && previous >= left + k)
                    {
                        position = previous;
                    }

                    if (position != previous)
                    {
                        destination[selected++] = new WinnowFingerprint(hash, position);
                    }

                    previous = position;
                    previousHash = (long)hash;
                }

                continue;
            }

            // Lanes k and k + 1 interleaved are two WinnowFingerprint images (hash, position, zero padding).
            uint mask = changed.ExtractMostSignificantBits();
            Vector256<long> even = Avx2.UnpackLow(min, at);
            Vector256<long> odd = Avx2.UnpackHigh(min, at);
            even.GetLower().StoreUnsafe(ref Unsafe.As<byte, long>(ref Unsafe.Add(ref written, selected * 16)));
            selected += (int)(mask & 1);
            odd.GetLower().StoreUnsafe(ref Unsafe.As<byte, long>(ref Unsafe.Add(ref written, selected * 16)));
            selected += (int)((mask >> 1) & 1);
            even.GetUpper().StoreUnsafe(ref Unsafe.As<byte, long>(ref Unsafe.Add(ref written, selected * 16)));
            selected += (int)((mask >> 2) & 1);
            odd.GetUpper().StoreUnsafe(ref Unsafe.As<byte, long>(ref Unsafe.Add(ref written, selected * 16)));
            selected += (int)(mask >> 3);
            previous = (int)at.GetElement(3);
            previousHash = min.GetElement(3);
        }

        count = selected;
        minPos = previous;
        return left;
    }
}
