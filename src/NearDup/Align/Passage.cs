namespace NearDup.Align;

/// <summary>One aligned passage: a stretch of text A that matches a stretch of text B.</summary>
/// <param name="A">Characters of the original text A, from the first matched token's start to the last one's end.</param>
/// <param name="B">The same for text B.</param>
/// <param name="FirstTokenA">First token of the passage in A.</param>
/// <param name="EndTokenA">One past the last token of the passage in A.</param>
/// <param name="FirstTokenB">First token of the passage in B.</param>
/// <param name="EndTokenB">One past the last token of the passage in B.</param>
/// <param name="MatchedTokens">Tokens aligned one to one (the same word on both sides); the rest are edits.</param>
/// <param name="Similarity"><see cref="MatchedTokens"/> over the longer side's token count, in [0, 1].</param>
/// <param name="Kind"><see cref="PassageKind.Verbatim"/> when both token sequences are identical, else edited.</param>
internal sealed record Passage(
    TextSpan A,
    TextSpan B,
    int FirstTokenA,
    int EndTokenA,
    int FirstTokenB,
    int EndTokenB,
    int MatchedTokens,
    double Similarity,
    PassageKind Kind)
{
    /// <summary>Tokens of A inside the passage, matched or not.</summary>
    public int TokensA => EndTokenA - FirstTokenA;

    /// <summary>Tokens of B inside the passage, matched or not.</summary>
    public int TokensB => EndTokenB - FirstTokenB;
}
