using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Cli;

/// <summary>
/// Chooses what <c>neardup dedup</c> keeps. Documents are taken in the order of the keep rule; one is dropped when a
/// relation of a chosen kind joins it to a document already kept, else it is kept. <c>contains</c> drops only the
/// side inside (an excerpt goes, the text that holds it stays), and reads coverage, not the name: a document at
/// least <see cref="RelateOptions.ContainedCoverage"/> inside another is dropped for it also when the other is itself
/// so much covered that the relation is named <c>shared_source</c> (a trimmed copy of a lightly edited copy).
/// </summary>
/// <remarks>
/// Greedy, not transitive: two excerpts of different articles are not merged through a third document that holds
/// both, and a document is dropped only for one it duplicates itself. Linear in documents and relations.
/// </remarks>
internal static class DedupPlan
{
    /// <summary>The relation kinds that make duplicates by default: whole copies and excerpts.</summary>
    public static readonly RelationKind[] DefaultKinds = [RelationKind.Exact, RelationKind.NearExact, RelationKind.Contains];

    /// <summary>The kinds <c>--duplicates</c> accepts, by wire name.</summary>
    public static readonly IReadOnlyDictionary<string, RelationKind> KindNames = new Dictionary<string, RelationKind>(StringComparer.Ordinal)
    {
        ["exact"] = RelationKind.Exact,
        ["near_exact"] = RelationKind.NearExact,
        ["contains"] = RelationKind.Contains,
        ["shared_source"] = RelationKind.SharedSource,
    };

    /// <summary>The dropped documents, in input order; every other document is kept.</summary>
    /// <param name="insideCoverage">The coverage at which a side lies inside the other (<see cref="RelateOptions.ContainedCoverage"/>).</param>
    public static IReadOnlyList<DroppedDocument> Choose(
        IReadOnlyList<DocumentInfo> documents, IReadOnlyList<DocumentRelation> relations, IReadOnlySet<RelationKind> kinds, KeepRule keep, double insideCoverage)
    {
        bool excerpts = kinds.Contains(RelationKind.Contains);
        var ordinal = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        foreach (var d in documents)
        {
            ordinal[d.Id] = d.Ordinal;
        }

        var neighbours = new List<DocumentRelation>?[documents.Count];
        foreach (var r in relations)
        {
            if (kinds.Contains(r.Kind) || (excerpts && r.Kind == RelationKind.SharedSource))
            {
                (neighbours[ordinal[r.A]] ??= []).Add(r);
                (neighbours[ordinal[r.B]] ??= []).Add(r);
            }
        }

        var order = new int[documents.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, Compare(documents, keep));
        var rank = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        var kept = new bool[documents.Count];
        var dropped = new List<DroppedDocument>();
        foreach (int d in order)
        {
            DocumentRelation? because = null;
            int keeper = -1;
            foreach (var r in neighbours[d] ?? [])
            {
                bool isA = ordinal[r.A] == d;
                int other = ordinal[isA ? r.B : r.A];
                double coverage = isA ? r.CoverageA : r.CoverageB;
                bool counts = r.Kind switch
                {
                    RelationKind.Contains => coverage >= insideCoverage,
                    RelationKind.SharedSource => kinds.Contains(RelationKind.SharedSource) || coverage >= insideCoverage,
                    _ => true,
                };
                if (kept[other] && counts && (keeper < 0 || rank[other] < rank[keeper]))
                {
                    (because, keeper) = (r, other);
                }
            }

            if (because is null)
            {
                kept[d] = true;
            }
            else
            {
                dropped.Add(new DroppedDocument(documents[d], documents[keeper], because));
            }
        }

        dropped.Sort((x, y) => x.Document.Ordinal.CompareTo(y.Document.Ordinal));
        return dropped;
    }

    private static Comparison<int> Compare(IReadOnlyList<DocumentInfo> documents, KeepRule keep) => keep switch
    {
        KeepRule.Complete => (x, y) =>
        {
            int c = documents[y].Tokens.CompareTo(documents[x].Tokens);
            c = c != 0 ? c : documents[y].Characters.CompareTo(documents[x].Characters);
            return c != 0 ? c : x.CompareTo(y);
        },
        KeepRule.Earliest => (x, y) =>
        {
            var (px, py) = (documents[x].Published, documents[y].Published);
            int c = px is null || py is null ? (px is null).CompareTo(py is null) : px.Value.CompareTo(py.Value);
            return c != 0 ? c : x.CompareTo(y);
        },
        _ => (x, y) => x.CompareTo(y),
    };
}
