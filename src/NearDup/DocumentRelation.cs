using NearDup.Relate;

namespace NearDup;

/// <summary>How two documents, named by id, relate, with the passages that show it.</summary>
/// <param name="A">Id of the first document (the earlier one in input order).</param>
/// <param name="B">Id of the second document.</param>
/// <param name="Kind">What the relation is; <see cref="RelationKind.None"/> when <c>Compare</c> found nothing.</param>
/// <param name="Direction">Which is inside which, or which way the text flowed, where that can be told.</param>
/// <param name="CoverageA">Share of A's words inside shared passages, in [0, 1].</param>
/// <param name="CoverageB">Share of B's words inside shared passages, in [0, 1].</param>
/// <param name="Confidence">How much evidence backs the relation, in [0, 1]: a heuristic, not a calibrated probability.</param>
/// <param name="Passages">The shared passages, ordered by their position in A; empty for candidate-only relations.</param>
/// <param name="Reason">One line for people: the rule that fired and its figures.</param>
public sealed record DocumentRelation(
    string A,
    string B,
    RelationKind Kind,
    Direction Direction,
    double CoverageA,
    double CoverageB,
    double Confidence,
    IReadOnlyList<SharedPassage> Passages,
    string Reason)
{
    /// <summary>The aligner hit its work cap: the passages found are real, but later ones may be missing.</summary>
    public bool Truncated { get; init; }

    internal static DocumentRelation From(Relation relation, string idA, string idB)
    {
        var source = relation.Alignment.Passages;
        var passages = new SharedPassage[source.Count];
        for (int i = 0; i < passages.Length; i++)
        {
            var p = source[i];
            passages[i] = new SharedPassage(idA, idB, p.A, p.B, p.Kind, p.MatchedTokens, p.Similarity);
        }

        return new DocumentRelation(idA, idB, relation.Kind, relation.Direction, relation.CoverageA, relation.CoverageB,
            relation.Confidence, passages, relation.Reason) { Truncated = relation.Alignment.Truncated };
    }
}
