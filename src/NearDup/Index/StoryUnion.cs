namespace NearDup.Index;

/// <summary>Story merges within one write: union-find over story numbers, the smaller number surviving.</summary>
internal sealed class StoryUnion
{
    private readonly Dictionary<long, long> parent = [];

    public long Find(long story)
    {
        long root = story;
        while (parent.TryGetValue(root, out long up) && up != root)
        {
            root = up;
        }

        while (story != root && parent.TryGetValue(story, out long up))
        {
            parent[story] = root;
            story = up;
        }

        return root;
    }

    /// <summary>Joins two stories; returns the surviving (smaller) number.</summary>
    public long Union(long a, long b)
    {
        long ra = Find(a), rb = Find(b);
        if (ra == rb)
        {
            return ra;
        }

        var (keep, drop) = ra < rb ? (ra, rb) : (rb, ra);
        parent[drop] = keep;
        parent.TryAdd(keep, keep);
        return keep;
    }

    /// <summary>Every story number that was merged into another, with the number it now has.</summary>
    public IEnumerable<StoryMove> Moves()
    {
        foreach (long story in parent.Keys.ToList())
        {
            long root = Find(story);
            if (root != story)
            {
                yield return new StoryMove(story, root);
            }
        }
    }
}
