using NearDup.Group;
using NearDup.Relate;

namespace NearDup.Report;

/// <summary>How one member of a story relates to it: the relation that joins it to the member nearer the canonical one.</summary>
/// <param name="Document">The member.</param>
/// <param name="To">The member it is joined to, or -1 for the canonical member and members joined by no relation.</param>
/// <param name="Kind">The relation's kind (<see cref="RelationKind.None"/> when there is none).</param>
/// <param name="Direction">The relation's direction seen from <paramref name="Document"/> (a) to <paramref name="To"/> (b).</param>
internal readonly record struct StoryLink(int Document, int To, RelationKind Kind, Direction Direction)
{
    /// <summary>
    /// One link per member, canonical first then in breadth-first order from it over the story's relations (copies
    /// before paraphrase and same story, then higher confidence): a tree that says how each member came in. Members
    /// no relation reaches (joined by other evidence) come last, linked to nothing.
    /// </summary>
    public static IReadOnlyList<StoryLink> Of(Story story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var neighbours = new Dictionary<int, List<Relation>>();
        foreach (var r in story.Relations)
        {
            foreach (int end in (ReadOnlySpan<int>)[r.A, r.B])
            {
                if (!neighbours.TryGetValue(end, out var list))
                {
                    neighbours.Add(end, list = []);
                }

                list.Add(r);
            }
        }

        foreach (var list in neighbours.Values)
        {
            list.Sort(static (x, y) => Rank(x.Kind) != Rank(y.Kind) ? Rank(x.Kind).CompareTo(Rank(y.Kind)) : y.Confidence.CompareTo(x.Confidence));
        }

        var links = new List<StoryLink>(story.Members.Count) { new(story.Canonical, -1, RelationKind.None, Direction.None) };
        var seen = new HashSet<int> { story.Canonical };
        for (int next = 0; next < links.Count; next++)
        {
            int from = links[next].Document;
            if (!neighbours.TryGetValue(from, out var list))
            {
                continue;
            }

            foreach (var r in list)
            {
                int other = r.A == from ? r.B : r.A;
                if (seen.Add(other))
                {
                    links.Add(new StoryLink(other, from, r.Kind, r.A == other ? r.Direction : Flip(r.Direction)));
                }
            }
        }

        foreach (int m in story.Members)
        {
            if (seen.Add(m))
            {
                links.Add(new StoryLink(m, -1, RelationKind.None, Direction.None));
            }
        }

        return links;
    }

    private static int Rank(RelationKind kind) => kind switch
    {
        RelationKind.Exact => 0,
        RelationKind.NearExact => 1,
        RelationKind.Contains => 2,
        RelationKind.SharedSource => 3,
        RelationKind.Paraphrase => 4,
        RelationKind.Partial => 5,
        _ => 6,
    };

    private static Direction Flip(Direction direction) => direction switch
    {
        Direction.AInsideB => Direction.BInsideA,
        Direction.BInsideA => Direction.AInsideB,
        Direction.AFromB => Direction.BFromA,
        Direction.BFromA => Direction.AFromB,
        _ => Direction.None,
    };
}
