using NearDup.Relate;

namespace NearDup.Group;

/// <summary>Groups documents into stories: union-find over the relations that join (<see cref="GroupOptions"/>).</summary>
public sealed class StoryGrouper
{
    private readonly GroupOptions options;

    public StoryGrouper(GroupOptions? options = null)
    {
        this.options = options ?? new GroupOptions();
        this.options.Validate();
    }

    public GroupOptions Options => options;

    /// <summary>Groups <paramref name="documentCount"/> documents by <paramref name="relations"/>.</summary>
    /// <param name="documentCount">Documents are ordinals 0 .. documentCount - 1.</param>
    /// <param name="relations">Relations between ordinals; any order, each pair once or more.</param>
    /// <param name="tokenCounts">Tokens per document, to choose the canonical member.</param>
    /// <param name="published">Publication times per document (empty when unknown), to break ties: earliest first.</param>
    /// <returns>Stories ordered by smallest member; they partition the related documents (every document when
    /// <see cref="GroupOptions.IncludeSingletons"/> is set). A relation that does not join, across two stories,
    /// appears in neither.</returns>
    /// <exception cref="ArgumentException">A relation names an ordinal out of range, or the per-document spans have
    /// the wrong length.</exception>
    public IReadOnlyList<Story> Group(
        int documentCount,
        IEnumerable<Relation> relations,
        ReadOnlySpan<int> tokenCounts,
        ReadOnlySpan<DateTimeOffset?> published = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentCount);
        ArgumentNullException.ThrowIfNull(relations);
        if (tokenCounts.Length != documentCount)
        {
            throw new ArgumentException($"tokenCounts has {tokenCounts.Length} entries for {documentCount} documents.", nameof(tokenCounts));
        }

        if (!published.IsEmpty && published.Length != documentCount)
        {
            throw new ArgumentException($"published has {published.Length} entries for {documentCount} documents.", nameof(published));
        }

        var parent = new int[documentCount];
        var size = new int[documentCount];
        var related = new bool[documentCount];
        for (int k = 0; k < documentCount; k++)
        {
            parent[k] = k;
            size[k] = 1;
        }

        var all = new List<Relation>();
        foreach (var r in relations)
        {
            if (r is null)
            {
                throw new ArgumentException("relations holds a null entry.", nameof(relations));
            }

            if ((uint)r.A >= (uint)documentCount || (uint)r.B >= (uint)documentCount)
            {
                throw new ArgumentException($"Relation ({r.A}, {r.B}) names a document outside 0..{documentCount - 1}.", nameof(relations));
            }

            all.Add(r);
            if (r.A != r.B && Joins(r))
            {
                related[r.A] = related[r.B] = true;
                Union(parent, size, r.A, r.B);
            }
        }

        // Members per root, in ordinal order; stories come out ordered by their smallest member.
        var storyOfRoot = new Dictionary<int, int>();
        var members = new List<List<int>>();
        for (int d = 0; d < documentCount; d++)
        {
            if (!related[d] && !options.IncludeSingletons)
            {
                continue;
            }

            int root = Find(parent, d);
            if (!storyOfRoot.TryGetValue(root, out int s))
            {
                s = members.Count;
                storyOfRoot.Add(root, s);
                members.Add([]);
            }

            members[s].Add(d);
        }

        var inside = new List<Relation>[members.Count];
        for (int s = 0; s < inside.Length; s++)
        {
            inside[s] = [];
        }

        foreach (var r in all)
        {
            int ra = Find(parent, r.A);
            if (ra == Find(parent, r.B) && storyOfRoot.TryGetValue(ra, out int s))
            {
                inside[s].Add(r);
            }
        }

        var stories = new Story[members.Count];
        for (int s = 0; s < stories.Length; s++)
        {
            stories[s] = new Story(s, members[s], Canonical(members[s], tokenCounts, published), inside[s]);
        }

        return stories;
    }

    private bool Joins(Relation r)
    {
        if (options.JoinKinds.Contains(r.Kind))
        {
            return true;
        }

        return r.Kind == RelationKind.Partial
            && Math.Min(r.CoverageA, r.CoverageB) >= options.PartialJoinCoverage;
    }

    // Most tokens; then earliest published (unknown counts as latest); then smallest ordinal.
    private static int Canonical(List<int> members, ReadOnlySpan<int> tokenCounts, ReadOnlySpan<DateTimeOffset?> published)
    {
        int best = members[0];
        for (int k = 1; k < members.Count; k++)
        {
            int d = members[k];
            if (tokenCounts[d] != tokenCounts[best])
            {
                if (tokenCounts[d] > tokenCounts[best])
                {
                    best = d;
                }

                continue;
            }

            if (!published.IsEmpty && Earlier(published[d], published[best]))
            {
                best = d;
            }
        }

        return best;
    }

    private static bool Earlier(DateTimeOffset? x, DateTimeOffset? y) => x.HasValue && (!y.HasValue || x.Value < y.Value);

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]]; // path halving
            x = parent[x];
        }

        return x;
    }

    private static void Union(int[] parent, int[] size, int x, int y)
    {
        x = Find(parent, x);
        y = Find(parent, y);
        if (x == y)
        {
            return;
        }

        if (size[x] < size[y])
        {
            (x, y) = (y, x);
        }

        parent[y] = x;
        size[x] += size[y];
    }
}
