using NearDup.Align;

namespace NearDup;

/// <summary>A passage two documents share: where it lies in each original text, and how alike the two sides are.</summary>
/// <param name="A">Id of the first document.</param>
/// <param name="B">Id of the second document.</param>
/// <param name="SpanA">UTF-16 offsets of the passage in A's original text.</param>
/// <param name="SpanB">UTF-16 offsets of the passage in B's original text.</param>
/// <param name="Kind">Verbatim, edited (small edits), or paraphrase (the same content in other words).</param>
/// <param name="MatchedTokens">Words aligned one to one (the same word on both sides).</param>
/// <param name="Similarity">Lexical passages: matched words over the longer side's words; paraphrases: the sentence
/// cosine. In [0, 1].</param>
public sealed record SharedPassage(
    string A,
    string B,
    TextSpan SpanA,
    TextSpan SpanB,
    PassageKind Kind,
    int MatchedTokens,
    double Similarity);
