namespace NearDup.Semantic;

/// <summary>
/// One or two sentences of document A aligned with one or two of document B (a split or merged sentence
/// aligns two with one).
/// </summary>
/// <param name="FirstA">Index of the first sentence of A.</param>
/// <param name="CountA">Sentences of A in the pair (1 or 2).</param>
/// <param name="FirstB">Index of the first sentence of B.</param>
/// <param name="CountB">Sentences of B in the pair (1 or 2).</param>
/// <param name="A">The covered text of A: first sentence start to last sentence end.</param>
/// <param name="B">The covered text of B.</param>
/// <param name="Cosine">Cosine of the (merged) sentence vectors.</param>
/// <param name="Probability">Paraphrase probability from <see cref="ParaphraseScorer"/>.</param>
/// <param name="Jaccard">Word-set Jaccard of the two sides.</param>
/// <param name="VerbatimShare">Share of the shorter side's words inside <paramref name="VerbatimRuns"/>.</param>
/// <param name="Kind">Verbatim, edited or paraphrase, from the verbatim runs.</param>
/// <param name="InOrder">False for a pair found outside the monotone alignment (a moved sentence).</param>
/// <param name="VerbatimRuns">Runs of identical words inside the pair (kept quotes in a paraphrase), as spans in A and B.</param>
internal sealed record AlignedSentences(
    int FirstA,
    int CountA,
    int FirstB,
    int CountB,
    TextSpan A,
    TextSpan B,
    float Cosine,
    float Probability,
    float Jaccard,
    float VerbatimShare,
    AlignedSentenceKind Kind,
    bool InOrder,
    IReadOnlyList<(TextSpan A, TextSpan B)> VerbatimRuns);
