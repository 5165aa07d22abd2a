using NearDup.Align;
using NearDup.Text;

namespace NearDup.Boilerplate;

/// <summary>Removes from an alignment the passages that are boilerplate: shared furniture is not evidence of reuse.</summary>
internal static class AlignmentFilter
{
    /// <summary>Default share of a passage's characters that must lie in boilerplate for it to be dropped.</summary>
    public const double DefaultMinShare = 0.8;

    /// <summary>
    /// The alignment without the passages that lie (at least <paramref name="minShare"/> of their characters) inside
    /// boilerplate of either side, with matched tokens and so coverage recomputed from the passages kept.
    /// </summary>
    /// <param name="alignment">An alignment of A with B.</param>
    /// <param name="boilerplateA">Boilerplate spans of A (any order, may overlap).</param>
    /// <param name="boilerplateB">Boilerplate spans of B.</param>
    /// <param name="minShare">In (0, 1].</param>
    /// <returns>The same instance when nothing is dropped.</returns>
    /// <remarks>The aligner counts distinct matched tokens from its runs, which a passage does not keep; after a drop,
    /// each side's matched tokens are re-counted as the union of the kept passages' token ranges, each merged range
    /// counting at most the matched tokens of its passages, and never more than before.</remarks>
    public static Alignment RemoveBoilerplate(Alignment alignment, IReadOnlyList<TextSpan> boilerplateA, IReadOnlyList<TextSpan> boilerplateB, double minShare = DefaultMinShare)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(boilerplateA);
        ArgumentNullException.ThrowIfNull(boilerplateB);
        if (!(minShare > 0 && minShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minShare), minShare, "must be in (0, 1].");
        }

        if (alignment.IsEmpty || (boilerplateA.Count == 0 && boilerplateB.Count == 0))
        {
            return alignment;
        }

        var a = Sorted(boilerplateA);
        var b = Sorted(boilerplateB);
        var kept = new List<Passage>(alignment.Passages.Count);
        foreach (var p in alignment.Passages)
        {
            if (Inside(p.A, a) < minShare * p.A.Length && Inside(p.B, b) < minShare * p.B.Length)
            {
                kept.Add(p);
            }
        }

        if (kept.Count == alignment.Passages.Count)
        {
            return alignment;
        }

        int matchedA = Math.Min(alignment.MatchedTokensA, Matched(kept, sideA: true));
        int matchedB = Math.Min(alignment.MatchedTokensB, Matched(kept, sideA: false));
        return new Alignment(kept, alignment.TokenCountA, alignment.TokenCountB, matchedA, matchedB, alignment.Truncated);
    }

    /// <summary>
    /// As <see cref="RemoveBoilerplate(Alignment, IReadOnlyList{TextSpan}, IReadOnlyList{TextSpan}, double)"/>, and
    /// also leaves boilerplate tokens out of each side's token count, so coverage measures the article only: a copy
    /// republished inside another site's menus and footers is then a near-exact copy, not a partial one.
    /// </summary>
    /// <param name="tokensA">The tokens of A the alignment was made from.</param>
    /// <param name="tokensB">The tokens of B.</param>
    /// <remarks>Relate the result with <c>RelateInput(a, b, result.TokenCountA, result.TokenCountB, …)</c>: the
    /// relater checks the counts agree. Passage token indices still index the full token arrays.</remarks>
    public static Alignment RemoveBoilerplate(
        Alignment alignment, ReadOnlySpan<Token> tokensA, ReadOnlySpan<Token> tokensB,
        IReadOnlyList<TextSpan> boilerplateA, IReadOnlyList<TextSpan> boilerplateB, double minShare = DefaultMinShare)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        if (!alignment.IsEmpty && (alignment.TokenCountA != tokensA.Length || alignment.TokenCountB != tokensB.Length))
        {
            throw new ArgumentException(
                $"The alignment has {alignment.TokenCountA} and {alignment.TokenCountB} tokens, the texts {tokensA.Length} and {tokensB.Length}: not these texts, or the wrong way round.",
                nameof(alignment));
        }

        var kept = RemoveBoilerplate(alignment, boilerplateA, boilerplateB, minShare);
        if (boilerplateA.Count == 0 && boilerplateB.Count == 0)
        {
            return kept;
        }

        int countA = Math.Max(kept.MatchedTokensA, tokensA.Length - TokensInside(tokensA, Sorted(boilerplateA)));
        int countB = Math.Max(kept.MatchedTokensB, tokensB.Length - TokensInside(tokensB, Sorted(boilerplateB)));
        return kept with { TokenCountA = countA, TokenCountB = countB };
    }

    /// <summary>Tokens whose first character lies inside one of <paramref name="spans"/>.</summary>
    public static int TokensInside(ReadOnlySpan<Token> tokens, IReadOnlyList<TextSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return TokensInside(tokens, Sorted(spans));
    }

    private static int TokensInside(ReadOnlySpan<Token> tokens, TextSpan[] sorted)
    {
        int count = 0, s = 0;
        foreach (var t in tokens)
        {
            while (s < sorted.Length && sorted[s].End <= t.Start)
            {
                s++;
            }

            if (s < sorted.Length && sorted[s].Contains(t.Start))
            {
                count++;
            }
        }

        return count;
    }

    private static TextSpan[] Sorted(IReadOnlyList<TextSpan> spans)
    {
        var copy = new TextSpan[spans.Count];
        for (int k = 0; k < copy.Length; k++)
        {
            copy[k] = spans[k];
        }

        Array.Sort(copy, static (x, y) => x.Start.CompareTo(y.Start));
        return copy;
    }

    // Characters of span inside the union of the sorted spans.
    private static int Inside(TextSpan span, TextSpan[] sorted)
    {
        int inside = 0, reach = span.Start;
        foreach (var s in sorted)
        {
            if (s.Start >= span.End)
            {
                break;
            }

            int from = Math.Max(Math.Max(s.Start, span.Start), reach), to = Math.Min(s.End, span.End);
            if (to > from)
            {
                inside += to - from;
                reach = to;
            }
        }

        return inside;
    }

    private static int Matched(List<Passage> kept, bool sideA)
    {
        var ranges = new (int First, int End, int Matched)[kept.Count];
        for (int k = 0; k < ranges.Length; k++)
        {
            var p = kept[k];
            ranges[k] = sideA ? (p.FirstTokenA, p.EndTokenA, p.MatchedTokens) : (p.FirstTokenB, p.EndTokenB, p.MatchedTokens);
        }

        Array.Sort(ranges, static (x, y) => x.First.CompareTo(y.First));
        int total = 0, k2 = 0;
        while (k2 < ranges.Length)
        {
            int first = ranges[k2].First, end = ranges[k2].End, matched = ranges[k2].Matched;
            int j = k2 + 1;
            while (j < ranges.Length && ranges[j].First < end)
            {
                end = Math.Max(end, ranges[j].End);
                matched = Math.Max(matched, ranges[j].Matched); // overlapping passages repeat the same tokens
                j++;
            }

            total += Math.Min(end - first, matched);
            k2 = j;
        }

        return total;
    }
}
