using System.Globalization;

namespace NearDup.Relate;

/// <summary>
/// Names the relation of a candidate pair from its alignment. The rules, first match wins (S is the shorter side
/// by tokens, L the longer, coverage is the fraction of a side's tokens matched):
/// <list type="number">
/// <item>exact: the content hashes are equal (same normalized text).</item>
/// <item>near_exact: both coverages ≥ <see cref="RelateOptions.NearExactCoverage"/> (0.9).</item>
/// <item>contains: one side ≥ <see cref="RelateOptions.ContainedCoverage"/> (0.8), however much of the other is
/// covered (short of near_exact); the direction says the more covered side (on a tie the shorter) is inside the
/// other. A text 99% inside one that is itself 86% covered is contains, not shared_source.</item>
/// <item>shared_source: S ≥ <see cref="RelateOptions.SharedSourceCoverage"/> (0.5) and L ≥
/// <see cref="RelateOptions.SharedSourceLongerCoverage"/> (0.2): both carry much of one text, neither inside the other.</item>
/// <item>partial: some passage matches ≥ <see cref="RelateOptions.MinPartialTokens"/> (20) words.</item>
/// <item>otherwise no relation (null).</item>
/// </list>
/// </summary>
/// <remarks>Lexical evidence alone cannot tell which way text flowed; <see cref="Direction"/> is set for contains only.</remarks>
internal sealed class Relater
{
    private readonly RelateOptions options;

    public Relater(RelateOptions? options = null)
    {
        this.options = options ?? new RelateOptions();
        this.options.Validate();
    }

    public RelateOptions Options => options;

    /// <summary>The relation of the pair, or null when there is none.</summary>
    /// <exception cref="ArgumentException">The input is inconsistent: negative token counts, A equal to B, or an
    /// alignment whose token counts are not the pair's (passed the wrong way round).</exception>
    public Relation? Relate(in RelateInput input)
    {
        var al = input.Alignment ?? throw new ArgumentException($"Pair ({input.A}, {input.B}): Alignment is null; use Alignment.None.", nameof(input));
        if (input.TokenCountA < 0 || input.TokenCountB < 0)
        {
            throw new ArgumentException($"Pair ({input.A}, {input.B}): token counts must not be negative ({input.TokenCountA}, {input.TokenCountB}).", nameof(input));
        }

        if (input.A == input.B)
        {
            throw new ArgumentException($"Pair ({input.A}, {input.B}): a document is not related to itself.", nameof(input));
        }

        if (!al.IsEmpty && (al.TokenCountA != input.TokenCountA || al.TokenCountB != input.TokenCountB))
        {
            throw new ArgumentException(
                $"Pair ({input.A}, {input.B}): the alignment has {al.TokenCountA} and {al.TokenCountB} tokens, the input {input.TokenCountA} and {input.TokenCountB}; is it the wrong way round?",
                nameof(input));
        }

        var inv = CultureInfo.InvariantCulture;
        if (input.ContentHashEqual)
        {
            return new Relation(input.A, input.B, RelationKind.Exact, Direction.None, 1, 1, 1, al, "exact: same normalized content");
        }

        if (al.IsEmpty)
        {
            return null;
        }

        double ca = al.CoverageA, cb = al.CoverageB;
        bool shorterIsA = input.TokenCountA <= input.TokenCountB;
        double cs = shorterIsA ? ca : cb;
        double cl = shorterIsA ? cb : ca;
        int matchedShorter = shorterIsA ? al.MatchedTokensA : al.MatchedTokensB;
        int longest = 0;
        foreach (var p in al.Passages)
        {
            longest = Math.Max(longest, p.MatchedTokens);
        }

        double confidence = 1 - Math.Exp(-matchedShorter / options.EvidenceTokens);
        string figures = string.Format(inv, "A {0:P0} of {1} tokens, B {2:P0} of {3}, {4} passages (longest {5} words)",
            ca, input.TokenCountA, cb, input.TokenCountB, al.Passages.Count, longest);

        RelationKind kind;
        var direction = Direction.None;
        string rule;
        if (ca >= options.NearExactCoverage && cb >= options.NearExactCoverage)
        {
            kind = RelationKind.NearExact;
            rule = string.Format(inv, "near_exact: both sides ≥ {0:P0} aligned", options.NearExactCoverage);
        }
        else if (Math.Max(ca, cb) >= options.ContainedCoverage)
        {
            // The side almost wholly inside the other is the more covered one, whichever is longer.
            bool insideIsA = ca > cb || (ca == cb && shorterIsA);
            kind = RelationKind.Contains;
            direction = insideIsA ? Direction.AInsideB : Direction.BInsideA;
            rule = string.Format(inv, "contains: {0} ≥ {1:P0} inside {2}", insideIsA ? "A" : "B", options.ContainedCoverage, insideIsA ? "B" : "A");
        }
        else if (cs >= options.SharedSourceCoverage && cl >= options.SharedSourceLongerCoverage)
        {
            kind = RelationKind.SharedSource;
            rule = string.Format(inv, "shared_source: shorter ≥ {0:P0} and longer ≥ {1:P0} aligned, neither inside the other",
                options.SharedSourceCoverage, options.SharedSourceLongerCoverage);
        }
        else if (longest >= options.MinPartialTokens)
        {
            kind = RelationKind.Partial;
            rule = string.Format(inv, "partial: a passage of ≥ {0} words shared", options.MinPartialTokens);
        }
        else
        {
            return null;
        }

        return new Relation(input.A, input.B, kind, direction, ca, cb, confidence, al, $"{rule}; {figures}");
    }
}
