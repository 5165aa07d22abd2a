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
        for (int right = w - 1; right < hashes.Length; right++)
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
}
