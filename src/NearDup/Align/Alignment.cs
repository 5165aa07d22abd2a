namespace NearDup.Align;

/// <summary>The passages two texts share, ordered by their position in A, with how much of each side they cover.</summary>
/// <param name="Passages">Aligned passages ordered by <see cref="Passage.FirstTokenA"/>; their ranges overlap on
/// neither side: a region repeated in one text is matched once, against its best match in the other.</param>
/// <param name="TokenCountA">Tokens in text A.</param>
/// <param name="TokenCountB">Tokens in text B.</param>
/// <param name="MatchedTokensA">Distinct tokens of A matched inside some passage.</param>
/// <param name="MatchedTokensB">Distinct tokens of B matched inside some passage.</param>
/// <param name="Truncated">The work cap (<see cref="AlignOptions.WorkPerToken"/>, <see cref="AlignOptions.MaxPassages"/>)
/// was hit: the passages found are real, but later ones may be missing.</param>
internal sealed record Alignment(
    IReadOnlyList<Passage> Passages,
    int TokenCountA,
    int TokenCountB,
    int MatchedTokensA,
    int MatchedTokensB,
    bool Truncated = false)
{
    /// <summary>No passage: nothing aligned.</summary>
    public static Alignment None { get; } = new([], 0, 0, 0, 0);

    /// <summary>Fraction of A's tokens matched inside passages, in [0, 1].</summary>
    public double CoverageA => TokenCountA == 0 ? 0 : (double)MatchedTokensA / TokenCountA;

    /// <summary>Fraction of B's tokens matched inside passages, in [0, 1].</summary>
    public double CoverageB => TokenCountB == 0 ? 0 : (double)MatchedTokensB / TokenCountB;

    public bool IsEmpty => Passages.Count == 0;

    /// <summary>The same alignment seen from B: sides exchanged, passages ordered by their position in B.</summary>
    public Alignment Swap()
    {
        var swapped = new Passage[Passages.Count];
        for (int k = 0; k < swapped.Length; k++)
        {
            var p = Passages[k];
            swapped[k] = p with
            {
                A = p.B,
                B = p.A,
                FirstTokenA = p.FirstTokenB,
                EndTokenA = p.EndTokenB,
                FirstTokenB = p.FirstTokenA,
                EndTokenB = p.EndTokenA,
            };
        }

        Array.Sort(swapped, static (x, y) => x.FirstTokenA != y.FirstTokenA
            ? x.FirstTokenA.CompareTo(y.FirstTokenA)
            : x.FirstTokenB.CompareTo(y.FirstTokenB));
        return new Alignment(swapped, TokenCountB, TokenCountA, MatchedTokensB, MatchedTokensA, Truncated);
    }
}
