using NearDup.Align;

namespace NearDup.Relate;

/// <summary>The relation of two documents with its evidence.</summary>
/// <param name="A">Ordinal of the first document.</param>
/// <param name="B">Ordinal of the second document.</param>
/// <param name="Kind">What the relation is.</param>
/// <param name="Direction">Which is inside which, for <see cref="RelationKind.Contains"/>; else none.</param>
/// <param name="CoverageA">Fraction of A's tokens matched in the alignment (1 for exact copies).</param>
/// <param name="CoverageB">Fraction of B's tokens matched in the alignment (1 for exact copies).</param>
/// <param name="Confidence">How much evidence backs the relation, in [0, 1]: a heuristic that grows with the shared
/// words (see <see cref="RelateOptions.EvidenceTokens"/>), not a calibrated probability.</param>
/// <param name="Alignment">The aligned passages (A's side is document <paramref name="A"/>).</param>
/// <param name="Reason">One line for people: the rule that fired and its figures.</param>
internal sealed record Relation(
    int A,
    int B,
    RelationKind Kind,
    Direction Direction,
    double CoverageA,
    double CoverageB,
    double Confidence,
    Alignment Alignment,
    string Reason);
