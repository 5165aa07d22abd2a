using System.Buffers;
using System.Runtime.CompilerServices;
using NearDup.Text;

namespace NearDup.Align;

/// <summary>
/// Finds the passages two tokenized texts share: seeds on shared word n-grams, extends each seed across small edits
/// (a greedy walk along the diagonal that re-synchronises after insertions, deletions and substitutions, with an
/// X-drop stop as in BLAST, Altschul et al. 1997), merges neighbouring passages and drops tiny ones.
/// </summary>
/// <remarks>
/// <para>The shorter text is indexed (a hash table of its n-grams, 20 bytes per token, pooled); the longer one is scanned once.
/// Each token of either text lies in at most one passage: where the scanned text repeats a passage of the indexed
/// one, the region is reported once, against its best match.</para>
/// <para>Cost: linear: one pass to build the index, one to scan; extensions are bounded by
/// <see cref="AlignOptions.MaxSeedOccurrences"/> candidates per seed and a global work cap
/// (<see cref="AlignOptions.WorkPerToken"/>), so repetitive or adversarial input cannot go quadratic.</para>
/// <para>Thread-safe: an instance holds only options; each call uses its own pooled buffers.</para>
/// </remarks>
internal sealed partial class Aligner
{
    // Odd 64-bit multiplier (the golden ratio) for the rolling n-gram hash over token hashes.
    private const ulong GoldenRatio = 0x9E3779B97F4A7C15UL;

    private readonly AlignOptions options;
    private readonly int[] resyncDi;
    private readonly int[] resyncDj;

    public Aligner(AlignOptions? options = null)
    {
        this.options = options ?? new AlignOptions();
        this.options.Validate();
        (resyncDi, resyncDj) = BuildResyncOrder(this.options.MaxGap);
    }

    public AlignOptions Options => options;

    /// <summary>Aligns text A with text B; passage offsets come from the tokens, so they index the original texts.</summary>
    /// <returns>The passages ordered by position in A, with coverage of both sides; an alignment without passages
    /// (never null) when nothing of <see cref="AlignOptions.MinPassageTokens"/> words or more is shared.</returns>
    public Alignment Align(ReadOnlySpan<Token> a, ReadOnlySpan<Token> b)
    {
        int n = options.SeedSize;
        int shortest = Math.Max(n, options.MinPassageTokens);
        if (a.Length < shortest || b.Length < shortest)
        {
            return new Alignment([], a.Length, b.Length, 0, 0);
        }

        // Index the shorter text, scan the longer one: memory follows the smaller side.
        bool swap = a.Length < b.Length;
        ReadOnlySpan<Token> scanTokens = swap ? b : a;
        ReadOnlySpan<Token> indexTokens = swap ? a : b;
        int nS = scanTokens.Length;
        int nX = indexTokens.Length;
        int grams = nX - n + 1;

        ulong[] sRent = ArrayPool<ulong>.Shared.Rent(nS);
        ulong[] xRent = ArrayPool<ulong>.Shared.Rent(nX);
        int slots = (int)Math.Min(1L << 30, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)grams) * 2);
        ulong[] gramRent = ArrayPool<ulong>.Shared.Rent(grams);
        int[] nextRent = ArrayPool<int>.Shared.Rent(grams);
        int[] headRent = ArrayPool<int>.Shared.Rent(slots);
        try
        {
            var s = sRent.AsSpan(0, nS);
            var x = xRent.AsSpan(0, nX);
            for (int k = 0; k < nS; k++)
            {
                s[k] = scanTokens[k].Hash;
            }

            for (int k = 0; k < nX; k++)
            {
                x[k] = indexTokens[k].Hash;
            }

            var index = new GramIndex(gramRent.AsSpan(0, grams), nextRent.AsSpan(0, grams), headRent.AsSpan(0, slots));
            GramHashes(x, n, index.Grams);
            index.Build();

            var state = new ScanState();
            Scan(s, x, index, state);
            Merge(state);
            ResolveIndexedOverlaps(state, nX);
            return Build(scanTokens, indexTokens, swap, state);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(sRent);
            ArrayPool<ulong>.Shared.Return(xRent);
            ArrayPool<ulong>.Shared.Return(gramRent);
            ArrayPool<int>.Shared.Return(nextRent);
            ArrayPool<int>.Shared.Return(headRent);
        }
    }

    /// <summary>Tokenizes both texts and aligns them (a convenience for tests and one-off use).</summary>
    public Alignment Align(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Align(Tokenizer.Tokenize(a), Tokenizer.Tokenize(b));
    }

    // Walks the scanned text; at each uncovered position looks its n-gram up in the index, extends every occurrence
    // (at most MaxSeedOccurrences) both ways, and keeps the best if it is long enough.
    // Fully optimized from the first call: one call on a large document would otherwise run its loops in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scan(ReadOnlySpan<ulong> s, ReadOnlySpan<ulong> x, in GramIndex index, ScanState state)
    {
        int n = options.SeedSize;
        int cap = options.MaxSeedOccurrences;
        long budget = (long)options.WorkPerToken * (s.Length + x.Length);
        ulong top = Pow(GoldenRatio, n - 1);
        ulong g = 0;
        for (int k = 0; k < n; k++)
        {
            g = unchecked((g * GoldenRatio) + s[k]);
        }

        int coveredUntil = 0;
        var best = new List<Run>();
        var scratch = new List<Run>();
        for (int i = 0; i + n <= s.Length; i++)
        {
            if (i > 0)
            {
                g = unchecked(((g - (s[i - 1] * top)) * GoldenRatio) + s[i + n - 1]);
            }

            if (i < coveredUntil)
            {
                continue;
            }

            int first = index.First(g);
            if (first < 0 || index.Exceeds(first, cap))
            {
                continue;
            }

            Candidate chosen = default;
            for (int j = first; j >= 0; j = index.Next[j])
            {
                if (!s.Slice(i, n).SequenceEqual(x.Slice(j, n)))
                {
                    continue; // hash collision
                }

                scratch.Clear();
                var c = ExtendBoth(s, x, i, j, coveredUntil, scratch, ref state.Work);
                if (c.Matched > chosen.Matched || (c.Matched == chosen.Matched && c.Matched > 0 && c.StartX < chosen.StartX))
                {
                    chosen = c;
                    (best, scratch) = (scratch, best);
                }
            }

            if (chosen.Matched >= options.MinPassageTokens)
            {
                int runStart = state.Runs.Count;
                state.Runs.AddRange(best);
                state.Passages.Add(chosen with { RunStart = runStart, RunEnd = state.Runs.Count });
                coveredUntil = chosen.EndS;
            }

            if (state.Work > budget || state.Passages.Count >= options.MaxPassages)
            {
                state.Truncated = true;
                break;
            }
        }
    }

    // Extends backward from just before the seed (not into the last passage of the scanned text) and forward from it.
    private Candidate ExtendBoth(ReadOnlySpan<ulong> s, ReadOnlySpan<ulong> x, int i, int j, int lowS, List<Run> runs, ref long work)
    {
        int back = Extend(s, x, i - 1, j - 1, -1, lowS - 1, -1, runs, ref work, out int startS, out int startX);
        runs.Reverse();
        int forward = Extend(s, x, i, j, +1, s.Length, x.Length, runs, ref work, out int endS, out int endX);
        return new Candidate(startS + 1, endS, startX + 1, endX, back + forward, 0, 0);
    }

    /// <summary>
    /// Walks from (<paramref name="ci"/>, <paramref name="cj"/>) in direction <paramref name="step"/> while the tokens
    /// agree; at a mismatch, jumps to the cheapest (di, dj) within MaxGap where ResyncTokens tokens agree again.
    /// Stops when no jump exists or the score (matches minus edit cost) drops MaxGap below its best; the passage
    /// ends at the best score. Limits are exclusive sentinels in the walking direction.
    /// </summary>
    /// <returns>Matched tokens up to the best point; <paramref name="bestS"/>/<paramref name="bestX"/> is the first
    /// position past the passage (exclusive) in the walking direction.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Extend(
        ReadOnlySpan<ulong> s, ReadOnlySpan<ulong> x, int ci, int cj, int step, int limS, int limX,
        List<Run> runs, ref long work, out int bestS, out int bestX)
    {
        int resync = options.ResyncTokens;
        int xDrop = options.MaxGap;
        int runsAtBest = runs.Count;
        int score = 0, best = 0, matched = 0, bestMatched = 0;
        bestS = ci;
        bestX = cj;
        while (true)
        {
            int k = 0;
            int s0 = ci, x0 = cj;
            while (ci != limS && cj != limX && s[ci] == x[cj])
            {
                ci += step;
                cj += step;
                k++;
            }

            work += k + 1;
            if (k > 0)
            {
                runs.Add(step > 0 ? new Run(s0, x0, k) : new Run(ci + 1, cj + 1, k));
                score += k;
                matched += k;
                if (score > best)
                {
                    best = score;
                    bestMatched = matched;
                    bestS = ci;
                    bestX = cj;
                    runsAtBest = runs.Count;
                }
            }

            if (ci == limS || cj == limX)
            {
                break;
            }

            int found = -1;
            for (int p = 0; p < resyncDi.Length; p++)
            {
                int ps = ci + (step * resyncDi[p]);
                int px = cj + (step * resyncDj[p]);
                int lastS = ps + (step * (resync - 1));
                int lastX = px + (step * (resync - 1));
                if (!Before(lastS, limS, step) || !Before(lastX, limX, step))
                {
                    continue;
                }

                work++;
                int r = 0;
                while (r < resync && s[ps + (step * r)] == x[px + (step * r)])
                {
                    r++;
                }

                if (r == resync)
                {
                    found = p;
                    break;
                }
            }

            if (found < 0)
            {
                break;
            }

            score -= Math.Max(resyncDi[found], resyncDj[found]);
            if (best - score > xDrop)
            {
                break;
            }

            ci += step * resyncDi[found];
            cj += step * resyncDj[found];
        }

        runs.RemoveRange(runsAtBest, runs.Count - runsAtBest);
        return bestMatched;
    }

    private static bool Before(int position, int limit, int step) => step > 0 ? position < limit : position > limit;

    // Joins consecutive passages (in scan order) separated by at most MaxGap tokens on both sides, in order.
    private void Merge(ScanState state)
    {
        var list = state.Passages;
        if (list.Count < 2)
        {
            return;
        }

        int gap = options.MaxGap;
        int w = 0;
        for (int r = 1; r < list.Count; r++)
        {
            var prev = list[w];
            var next = list[r];
            int gapS = next.StartS - prev.EndS;
            int gapX = next.StartX - prev.EndX;
            if (gapS >= 0 && gapS <= gap && gapX >= 0 && gapX <= gap && prev.RunEnd == next.RunStart)
            {
                list[w] = prev with { EndS = next.EndS, EndX = next.EndX, Matched = prev.Matched + next.Matched, RunEnd = next.RunEnd };
            }
            else
            {
                list[++w] = next;
            }
        }

        list.RemoveRange(w + 1, list.Count - w - 1);
    }

    private static Alignment Build(ReadOnlySpan<Token> scanTokens, ReadOnlySpan<Token> indexTokens, bool swap, ScanState state)
    {
        int nX = indexTokens.Length;
        ulong[] bits = ArrayPool<ulong>.Shared.Rent((nX + 63) >> 6);
        try
        {
            var covered = bits.AsSpan(0, (nX + 63) >> 6);
            covered.Clear();
            var passages = new Passage[state.Passages.Count];
            int matchedS = 0;
            for (int k = 0; k < passages.Length; k++)
            {
                var c = state.Passages[k];
                matchedS += c.Matched;
                bool verbatim = c.RunEnd - c.RunStart == 1 && c.EndS - c.StartS == c.Matched && c.EndX - c.StartX == c.Matched;
                for (int r = c.RunStart; r < c.RunEnd; r++)
                {
                    var run = state.Runs[r];
                    for (int t = run.X; t < run.X + run.Length; t++)
                    {
                        covered[t >> 6] |= 1UL << (t & 63);
                    }
                }

                var spanS = new TextSpan(scanTokens[c.StartS].Start, scanTokens[c.EndS - 1].End);
                var spanX = new TextSpan(indexTokens[c.StartX].Start, indexTokens[c.EndX - 1].End);
                double similarity = (double)c.Matched / Math.Max(c.EndS - c.StartS, c.EndX - c.StartX);
                var kind = verbatim ? PassageKind.Verbatim : PassageKind.Edited;
                passages[k] = swap
                    ? new Passage(spanX, spanS, c.StartX, c.EndX, c.StartS, c.EndS, c.Matched, similarity, kind)
                    : new Passage(spanS, spanX, c.StartS, c.EndS, c.StartX, c.EndX, c.Matched, similarity, kind);
            }

            int matchedX = 0;
            foreach (ulong word in covered)
            {
                matchedX += System.Numerics.BitOperations.PopCount(word);
            }

            if (swap)
            {
                Array.Sort(passages, static (p, q) => p.FirstTokenA != q.FirstTokenA
                    ? p.FirstTokenA.CompareTo(q.FirstTokenA)
                    : p.FirstTokenB.CompareTo(q.FirstTokenB));
                return new Alignment(passages, nX, scanTokens.Length, matchedX, matchedS, state.Truncated);
            }

            return new Alignment(passages, scanTokens.Length, nX, matchedS, matchedX, state.Truncated);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GramHashes(ReadOnlySpan<ulong> tokens, int n, Span<ulong> into)
    {
        ulong top = Pow(GoldenRatio, n - 1);
        ulong g = 0;
        for (int k = 0; k < n; k++)
        {
            g = unchecked((g * GoldenRatio) + tokens[k]);
        }

        into[0] = g;
        for (int i = 1; i < into.Length; i++)
        {
            g = unchecked(((g - (tokens[i - 1] * top)) * GoldenRatio) + tokens[i + n - 1]);
            into[i] = g;
        }
    }

    private static ulong Pow(ulong value, int exponent)
    {
        ulong result = 1;
        for (int k = 0; k < exponent; k++)
        {
            result = unchecked(result * value);
        }

        return result;
    }

    // Jumps tried after a mismatch, cheapest first: by edit cost max(di, dj), then by di + dj (a substitution of k
    // words costs k, as does an insertion of k words).
    private static (int[] Di, int[] Dj) BuildResyncOrder(int maxGap)
    {
        var order = new List<(int Di, int Dj)>();
        for (int di = 0; di <= maxGap; di++)
        {
            for (int dj = 0; dj <= maxGap; dj++)
            {
                if (di != 0 || dj != 0)
                {
                    order.Add((di, dj));
                }
            }
        }

        order.Sort(static (p, q) =>
        {
            int c = Math.Max(p.Di, p.Dj).CompareTo(Math.Max(q.Di, q.Dj));
            if (c != 0)
            {
                return c;
            }

            c = (p.Di + p.Dj).CompareTo(q.Di + q.Dj);
            return c != 0 ? c : p.Di.CompareTo(q.Di);
        });
        var di2 = new int[order.Count];
        var dj2 = new int[order.Count];
        for (int k = 0; k < order.Count; k++)
        {
            (di2[k], dj2[k]) = order[k];
        }

        return (di2, dj2);
    }

    /// <summary>A run of identical tokens: scanned text from <see cref="S"/>, indexed text from <see cref="X"/>.</summary>
    private readonly record struct Run(int S, int X, int Length);

    /// <summary>A passage being built: token ranges in the scanned (S) and indexed (X) texts, its runs.</summary>
    private readonly record struct Candidate(int StartS, int EndS, int StartX, int EndX, int Matched, int RunStart, int RunEnd);

    private sealed class ScanState
    {
        public List<Candidate> Passages { get; } = [];

        public List<Run> Runs { get; } = [];

#pragma warning disable SA1401, CA1051 // passed by ref to the extension loop
        public long Work;
#pragma warning restore SA1401, CA1051

        public bool Truncated { get; set; }
    }
}
