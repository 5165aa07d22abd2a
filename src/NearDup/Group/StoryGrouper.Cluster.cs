using NearDup.Relate;
using NearDup.Semantic;

namespace NearDup.Group;

/// <summary>The clustering: bonds, the evidence graph, and average-link merging over it.</summary>
internal sealed partial class StoryGrouper
{
    // Returns each document's cluster id (an ordinal of one of its members).
    private int[] Cluster(int n, List<Relation> relations, DateTimeOffset?[]? dates, StoryEvidence evidence)
    {
        var parent = new int[n];
        var size = new int[n];
        for (int d = 0; d < n; d++)
        {
            parent[d] = d;
            size[d] = 1;
        }

        foreach (var r in relations)
        {
            if (r.A != r.B && options.JoinKinds.Contains(r.Kind))
            {
                Union(parent, size, r.A, r.B);
            }
        }

        var edges = Edges(n, relations, dates, evidence);
        AverageLink(parent, size, edges);
        var cluster = new int[n];
        for (int d = 0; d < n; d++)
        {
            cluster[d] = Find(parent, d);
        }

        return cluster;
    }

    /// <summary>
    /// Average-link merging: clusters (<paramref name="parent"/> and <paramref name="size"/>, a union-find over
    /// ordinals, bonds already joined) merge best pair first while the mean similarity over all their member pairs
    /// (pairs without an edge counting 0) passes <see cref="GroupOptions.Threshold"/>. The index regroups a story
    /// from its members' edges with it.
    /// </summary>
    internal void AverageLink(int[] parent, int[] size, List<(int A, int B, double Similarity)> edges)
    {
        int n = parent.Length;
        var adjacency = ClusterAdjacency.Build(parent, edges);

        // Sized to the first pushes, so that it does not grow by doubling through them (dense 20k: ~8 MB of garbage on
        // top of the sessions, at the default scan's peak); a heap's order does not depend on its capacity.
        int first = 0;
        for (int c = 0; c < n; c++)
        {
            var others = adjacency.Neighbours(c);
            var sums = adjacency.Sums(c);
            for (int i = 0; i < others.Length; i++)
            {
                if (c < others[i] && sums[i] / ((double)size[c] * size[others[i]]) > options.Threshold)
                {
                    first++;
                }
            }
        }

        var queue = new ClusterPairQueue(first);
        for (int c = 0; c < n; c++)
        {
            PushAll(c, 0, onlyAbove: true);
        }

        // An entry is stale once either side has taken in another cluster since it was pushed (the merge that did so
        // numbered after the entry's stamp) or has been taken in.
        var lastMerge = new int[n];
        int merges = 0;
        while (queue.TryDequeue(out var top))
        {
            if (lastMerge[top.A] > top.Stamp || lastMerge[top.B] > top.Stamp || parent[top.A] != top.A || parent[top.B] != top.B)
            {
                continue; // stale: one side has merged since
            }

            // Keep the larger adjacency; fold the smaller into it.
            var (keep, drop) = adjacency.Degree(top.A) >= adjacency.Degree(top.B) ? (top.A, top.B) : (top.B, top.A);
            parent[drop] = keep;
            size[keep] += size[drop];
            lastMerge[keep] = ++merges;
            adjacency.Merge(keep, drop);
            PushAll(keep, merges, onlyAbove: false);
        }

        // Pushes cluster c's pairs in its list's order (onlyAbove: only to clusters numbered above c).
        void PushAll(int c, int stamp, bool onlyAbove)
        {
            var others = adjacency.Neighbours(c);
            var sums = adjacency.Sums(c);
            for (int i = 0; i < others.Length; i++)
            {
                int other = others[i];
                if (other >= 0 && (!onlyAbove || c < other))
                {
                    double average = sums[i] / ((double)size[c] * size[other]);
                    if (average > options.Threshold)
                    {
                        queue.Enqueue(c, other, stamp, -average);
                    }
                }
            }
        }
    }

    /// <summary>The cluster of ordinal <paramref name="x"/> in a union-find <see cref="AverageLink"/> merged.</summary>
    internal static int ClusterOf(int[] parent, int x) => Find(parent, x);

    /// <summary>Joins the clusters of <paramref name="x"/> and <paramref name="y"/> (a bond).</summary>
    internal static void Bind(int[] parent, int[] size, int x, int y) => Union(parent, size, x, y);

    // Clusters a worker fills at a time.
    private const int ClustersPerFill = 4096;

    // Similarity per document pair (A < B): tf-idf cosine, weak relations, scaled vector cosine; 0 across a time window.
    // Pairs in the order found: the neighbour search's (their exact cosines kept: no pair is scored twice), then weak
    // links and vector neighbours not among them. The search's pairs are distinct already, so only the few others are
    // hashed (two dictionaries of millions of pairs were most of the serial part of grouping at 100,000 documents).
    private List<(int A, int B, double Similarity)> Edges(int n, List<Relation> relations, DateTimeOffset?[]? dates, StoryEvidence evidence)
    {
        var terms = evidence.Terms;
        var vectors = options.VectorWeight > 0 ? evidence.Vectors : null;
        IReadOnlyList<(int A, int B, double Cosine)> searched = terms is null ? [] : evidence.TermNeighbours ?? terms.FindPairs(options.Neighbours, options.MinSimilarity);

        var weak = new HashSet<long>();
        var others = new List<long>(); // weak links, then vector neighbours, each once, in the order found
        foreach (var r in relations)
        {
            if (r.A != r.B && IsWeakLink(r.Kind, r.CoverageA, r.CoverageB) && weak.Add(PairKey(r.A, r.B)))
            {
                others.Add(PairKey(r.A, r.B));
            }
        }

        if (vectors is not null)
        {
            var listed = new HashSet<long>(weak);
            foreach (var (a, b) in VectorPairs(vectors, evidence.Languages))
            {
                if (listed.Add(PairKey(a, b)))
                {
                    others.Add(PairKey(a, b));
                }
            }
        }

        var alsoSearched = new HashSet<long>();
        if (others.Count > 0)
        {
            var wanted = new HashSet<long>(others);
            foreach (var (a, b, _) in searched)
            {
                if (wanted.Contains(PairKey(a, b)))
                {
                    alsoSearched.Add(PairKey(a, b));
                }
            }
        }

        var edges = new List<(int, int, double)>(searched.Count + others.Count);
        foreach (var (a, b, cosine) in searched)
        {
            AddEdge(a, b, cosine);
        }

        foreach (long key in others)
        {
            if (!alsoSearched.Contains(key))
            {
                AddEdge((int)(key >> 32), (int)key, double.NaN); // NaN: still to score
            }
        }

        return edges;

        void AddEdge(int a, int b, double found)
        {
            if (options.MaxDaysApart is { } days && dates is not null && dates[a] is { } ta && dates[b] is { } tb
                && Math.Abs((ta - tb).TotalDays) > days)
            {
                return;
            }

            // Word evidence counts where the shared words are a real part of both texts (full cosine), or where a
            // relation vouches for the pair (in a tiny corpus the full cosine of one story's articles is small too).
            bool vouched = weak.Count > 0 && weak.Contains(PairKey(a, b));
            double cosine = terms is null ? 0 : double.IsNaN(found) ? terms.Cosine(a, b) : found;
            double similarity = WordSimilarity(cosine, terms is null ? 0 : terms.FullCosineOf(a, b, cosine), vouched);

            if (vectors is not null && vectors[a] is { } va && vectors[b] is { } vb && va.Length == vb.Length
                && SameOrUnknownLanguage(evidence.Languages, a, b))
            {
                double vectorCosine = Cosine(va, vb);
                similarity += options.VectorWeight * Math.Max(0, (vectorCosine - options.VectorFloor) / (1 - options.VectorFloor));
            }

            if (similarity > 0)
            {
                edges.Add((a, b, similarity));
            }
        }
    }

    // A document pair as one number, smaller ordinal first.
    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    /// <summary>Whether a relation of <paramref name="kind"/> is evidence (a weak link) rather than a bond: same_story,
    /// or a partial one covering both sides at least <see cref="GroupOptions.PartialJoinCoverage"/>.</summary>
    internal bool IsWeakLink(RelationKind kind, double coverageA, double coverageB) =>
        !options.JoinKinds.Contains(kind)
        && (kind == RelationKind.SameStory || (kind == RelationKind.Partial && Math.Min(coverageA, coverageB) >= options.PartialJoinCoverage));

    /// <summary>
    /// A pair's similarity from its words: the tf-idf cosine where the shared words are a real part of both texts
    /// (full cosine at least <see cref="GroupOptions.MinFullCosine"/>) or a weak link vouches for the pair (in a tiny
    /// corpus the full cosine of one story's articles is small too), plus <see cref="GroupOptions.WeakLinkSimilarity"/>
    /// for the weak link.
    /// </summary>
    internal double WordSimilarity(double cosine, double fullCosine, bool vouched) =>
        (vouched || fullCosine >= options.MinFullCosine ? cosine : 0) + (vouched ? options.WeakLinkSimilarity : 0);

    /// <summary>The average-link test: two stories of <paramref name="sizeA"/> and <paramref name="sizeB"/> members
    /// whose pairs sum to <paramref name="similaritySum"/> merge when the mean passes <see cref="GroupOptions.Threshold"/>.</summary>
    internal bool Merges(double similaritySum, int sizeA, int sizeB) => similaritySum / ((double)sizeA * sizeB) > options.Threshold;

    // Each document's nearest by vector above the floor, within its language (exact search).
    private List<(int, int)> VectorPairs(IReadOnlyList<float[]?> vectors, IReadOnlyList<string?>? languages)
    {
        var found = new List<(int, int)>();
        int dimension = 0;
        foreach (var v in vectors)
        {
            if (v is { Length: > 0 })
            {
                dimension = v.Length;
                break;
            }
        }

        if (dimension == 0)
        {
            return found;
        }

        var ordinals = new List<int>();
        for (int d = 0; d < vectors.Count; d++)
        {
            if (vectors[d] is { } v && v.Length == dimension && SemanticVector.Dot(v, v) > 0)
            {
                ordinals.Add(d);
            }
        }

        var finder = new SemanticCandidateFinder(dimension, ordinals.Count);
        foreach (int d in ordinals)
        {
            finder.Add(vectors[d]!);
        }

        foreach (var p in finder.FindPairs(options.Neighbours, (float)options.VectorFloor))
        {
            int a = ordinals[p.A], b = ordinals[p.B];
            if (SameOrUnknownLanguage(languages, a, b))
            {
                found.Add(a < b ? (a, b) : (b, a));
            }
        }

        return found;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double norms = Math.Sqrt((double)SemanticVector.Dot(a, a) * SemanticVector.Dot(b, b));
        return norms > 0 ? SemanticVector.Dot(a, b) / norms : 0;
    }

    private static bool SameOrUnknownLanguage(IReadOnlyList<string?>? languages, int a, int b) =>
        languages is null || languages[a] is not { } la || languages[b] is not { } lb || string.Equals(la, lb, StringComparison.OrdinalIgnoreCase);

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
