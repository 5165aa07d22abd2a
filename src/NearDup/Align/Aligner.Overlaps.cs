using System.Buffers;

namespace NearDup.Align;

internal sealed partial class Aligner
{
    /// <summary>
    /// The scan lets no two passages share a scanned token, but several of them may match one region of the indexed
    /// text: the scanned text repeats it, or holds several copies of the phrase it shares. Each indexed region is
    /// reported once, against its best match (most matched words, then the earliest); the other passages lose the
    /// words already claimed and stay only where what is left is still a passage of
    /// <see cref="AlignOptions.MinPassageTokens"/> words. Linear in the passages' length: one bit per indexed token.
    /// </summary>
    private void ResolveIndexedOverlaps(ScanState state, int indexedLength)
    {
        var list = state.Passages;
        if (list.Count < 2)
        {
            return;
        }

        int words = (indexedLength + 63) >> 6;
        ulong[] bitsRent = ArrayPool<ulong>.Shared.Rent(words);
        int[] orderRent = ArrayPool<int>.Shared.Rent(list.Count);
        try
        {
            var claimed = bitsRent.AsSpan(0, words);
            claimed.Clear();
            var order = orderRent.AsSpan(0, list.Count);
            for (int k = 0; k < order.Length; k++)
            {
                order[k] = k;
            }

            order.Sort((p, q) => list[p].Matched != list[q].Matched ? list[q].Matched.CompareTo(list[p].Matched) : p.CompareTo(q));
            var kept = new List<Candidate>(list.Count);
            bool clipped = false;
            foreach (int k in order)
            {
                var c = list[k];
                if (!AnySet(claimed, c.StartX, c.EndX))
                {
                    kept.Add(c);
                    SetRange(claimed, c.StartX, c.EndX);
                    continue;
                }

                clipped = true;
                Clip(c, state.Runs, claimed, kept);
            }

            if (!clipped)
            {
                return;
            }

            kept.Sort(static (p, q) => p.StartS.CompareTo(q.StartS));
            list.Clear();
            list.AddRange(kept);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bitsRent);
            ArrayPool<int>.Shared.Return(orderRent);
        }
    }

    // Splits a passage's runs around the claimed indexed tokens; each unclaimed stretch long enough becomes a passage.
    private void Clip(Candidate c, List<Run> runs, Span<ulong> claimed, List<Candidate> kept)
    {
        int groupRunStart = -1, startS = 0, startX = 0, endS = 0, endX = 0, matched = 0;
        for (int r = c.RunStart; r < c.RunEnd; r++)
        {
            var run = runs[r];
            int t = 0;
            while (t < run.Length)
            {
                if (IsSet(claimed, run.X + t))
                {
                    Close(ref groupRunStart, startS, endS, startX, endX, ref matched, runs, claimed, kept);
                    t++;
                    continue;
                }

                int u = t;
                while (u < run.Length && !IsSet(claimed, run.X + u))
                {
                    u++;
                }

                // An edit gap that crosses a claimed token splits the passage there.
                if (groupRunStart >= 0 && AnySet(claimed, endX, run.X + t))
                {
                    Close(ref groupRunStart, startS, endS, startX, endX, ref matched, runs, claimed, kept);
                }

                if (groupRunStart < 0)
                {
                    groupRunStart = runs.Count;
                    startS = run.S + t;
                    startX = run.X + t;
                }

                runs.Add(new Run(run.S + t, run.X + t, u - t));
                matched += u - t;
                endS = run.S + u;
                endX = run.X + u;
                t = u;
            }
        }

        Close(ref groupRunStart, startS, endS, startX, endX, ref matched, runs, claimed, kept);
    }

    private void Close(
        ref int groupRunStart, int startS, int endS, int startX, int endX, ref int matched,
        List<Run> runs, Span<ulong> claimed, List<Candidate> kept)
    {
        if (groupRunStart >= 0 && matched >= options.MinPassageTokens)
        {
            kept.Add(new Candidate(startS, endS, startX, endX, matched, groupRunStart, runs.Count));
            SetRange(claimed, startX, endX);
        }

        groupRunStart = -1;
        matched = 0;
    }

    private static bool IsSet(ReadOnlySpan<ulong> bits, int i) => (bits[i >> 6] & (1UL << (i & 63))) != 0;

    private static bool AnySet(ReadOnlySpan<ulong> bits, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if ((i & 63) == 0 && end - i >= 64)
            {
                if (bits[i >> 6] != 0)
                {
                    return true;
                }

                i += 63;
                continue;
            }

            if (IsSet(bits, i))
            {
                return true;
            }
        }

        return false;
    }

    private static void SetRange(Span<ulong> bits, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            bits[i >> 6] |= 1UL << (i & 63);
        }
    }
}
