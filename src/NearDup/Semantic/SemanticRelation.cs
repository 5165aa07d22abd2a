using NearDup.Relate;

namespace NearDup.Semantic;

/// <summary>The meaning-level relation of two documents, with its evidence.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Confidence">In [0, 1]: how clearly the evidence passes the thresholds for <paramref name="Kind"/>.</param>
/// <param name="Direction">Which way the text flowed (paraphrase and text reuse only): <see cref="Direction.BFromA"/>,
/// <see cref="Direction.AFromB"/> or <see cref="Direction.None"/>.</param>
/// <param name="DocumentCosine">Cosine of the two document vectors.</param>
/// <param name="CoverageA">Share of A's sentence characters inside aligned pairs.</param>
/// <param name="CoverageB">Share of B's sentence characters inside aligned pairs.</param>
/// <param name="Support">Share of the shorter document's sentence characters inside aligned pairs, each pair
/// weighted by its paraphrase probability: what decides paraphrase (<see cref="SemanticOptions.ParaphraseMinSupport"/>).</param>
/// <param name="InOrderShare">Share of aligned pairs on the monotone path.</param>
/// <param name="VerbatimShare">Share of the aligned words inside identical runs (low for a paraphrase), weighted by pair length.</param>
/// <param name="StorySentences">Sentences of the shorter document with a same-fact sentence (cosine at least
/// <see cref="SemanticOptions.StorySentenceMinCosine"/>) in the other.</param>
/// <param name="Sentences">The aligned sentence pairs.</param>
internal sealed record SemanticRelation(
    SemanticRelationKind Kind,
    double Confidence,
    Direction Direction,
    double DocumentCosine,
    double CoverageA,
    double CoverageB,
    double Support,
    double InOrderShare,
    double VerbatimShare,
    int StorySentences,
    IReadOnlyList<AlignedSentences> Sentences);
