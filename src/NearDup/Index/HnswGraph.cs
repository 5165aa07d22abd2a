using System.Runtime.InteropServices;
using NearDup.Semantic;

namespace NearDup.Index;

/// <summary>
/// Approximate nearest-neighbour search over document vectors by cosine: a hierarchical navigable small-world graph
/// (Malkov and Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small
/// World graphs", 2016, arXiv:1603.09320). A query costs about <c>log n · ef</c> dot products instead of the exact
/// search's <c>n</c>; below <see cref="ExactBelow"/> vectors it searches exactly.
/// </summary>
/// <remarks>
/// Approximate: a true neighbour can be missed (recall against the exact search is measured by the IndexLoad
/// benchmark's <c>recall</c> mode, docs/PERFORMANCE.md). Vectors are normalized on the way in. The level of each node
/// comes from a hash of its row, so the same vectors added in the same order give the same graph, whether it was
/// built at once or saved (<see cref="Write"/>), read back and grown. Not thread-safe:
/// the index guards it with a lock.
/// </remarks>
internal sealed class HnswGraph
{
    /// <summary>Below this many vectors a query compares all of them (as cheap as the graph, and exact).</summary>
    public const int ExactBelow = 4096;

    private const int FormatVersion = 1;

    private readonly int m; // links per node above layer 0
    private readonly int m0; // links per node on layer 0
    private readonly int efConstruction;
    private readonly int efSearch;
    private readonly double levelFactor;
    private float[] vectors = new float[1024];
    private int[] links0 = new int[1024]; // m0 slots per node: layer-0 links, -1 unused
    private readonly Dictionary<int, int[][]> upper = []; // node → links on layers 1..level (m slots each)
    private int entry = -1;
    private int top = -1;
    private int[] visited = new int[64];
    private int visitMark;

    /// <param name="dimension">Length of every vector.</param>
    /// <param name="links">Links per node (M; twice as many on layer 0).</param>
    /// <param name="efConstruction">Candidates kept while linking a new node.</param>
    /// <param name="efSearch">Candidates kept while searching (at least the k asked).</param>
    public HnswGraph(int dimension, int links = 16, int efConstruction = 100, int efSearch = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(links, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(efConstruction, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(efSearch, 1);
        Dimension = dimension;
        m = links;
        m0 = 2 * links;
        this.efConstruction = efConstruction;
        this.efSearch = efSearch;
        levelFactor = 1 / Math.Log(links);
    }

    public int Dimension { get; }

    /// <summary>Vectors added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a vector (normalized on the way in), links it into the graph, and returns its row.</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the graph holds {Dimension}.", nameof(vector));
        }

        int node = Count;
        Grow(node + 1);
        var target = vectors.AsSpan(node * Dimension, Dimension);
        vector.CopyTo(target);
        for (int d = 0; d < target.Length; d++)
        {
            if (!float.IsFinite(target[d]))
            {
                throw new ArgumentException($"Vector has a non-finite value at dimension {d}.", nameof(vector));
            }
        }

        SemanticVector.Normalize(target);
        int level = LevelOf(node);
        links0.AsSpan(node * m0, m0).Fill(-1);
        if (level > 0)
        {
            var layers = new int[level][];
            for (int l = 0; l < level; l++)
            {
                layers[l] = new int[m];
                layers[l].AsSpan().Fill(-1);
            }

            upper[node] = layers;
        }

        Count++;
        if (entry < 0)
        {
            (entry, top) = (node, level);
            return node;
        }

        ReadOnlySpan<float> query = target;
        int current = entry;
        for (int l = top; l > level; l--)
        {
            current = Greedy(query, current, l);
        }

        for (int l = Math.Min(level, top); l >= 0; l--)
        {
            var found = SearchLayer(query, current, efConstruction, l);
            var chosen = SelectNeighbours(found, l == 0 ? m0 : m);
            var own = Links(node, l);
            for (int i = 0; i < chosen.Count; i++)
            {
                own[i] = chosen[i].Node;
                Connect(chosen[i].Node, node, chosen[i].Similarity, l);
            }

            current = found[0].Node;
        }

        if (level > top)
        {
            (entry, top) = (node, level);
        }

        return node;
    }

    /// <summary>
    /// The <paramref name="k"/> rows nearest to <paramref name="vector"/> with cosine at least
    /// <paramref name="minCosine"/>, nearest first (approximate from <see cref="ExactBelow"/> rows on).
    /// </summary>
    public IReadOnlyList<(int Index, float Cosine)> Query(ReadOnlySpan<float> vector, int k, float minCosine)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the graph holds {Dimension}.", nameof(vector));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var result = new List<(int Index, float Cosine)>();
        if (Count == 0)
        {
            return result;
        }

        Span<float> query = stackalloc float[Dimension];
        vector.CopyTo(query);
        SemanticVector.Normalize(query);
        List<(int Node, float Similarity)> found;
        if (Count < ExactBelow)
        {
            found = new List<(int, float)>(Count);
            for (int j = 0; j < Count; j++)
            {
                found.Add((j, Similarity(query, j)));
            }

            found.Sort(static (x, y) => x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : x.Node.CompareTo(y.Node));
        }
        else
        {
            int current = entry;
            for (int l = top; l > 0; l--)
            {
                current = Greedy(query, current, l);
            }

            found = SearchLayer(query, current, Math.Max(efSearch, k), 0);
        }

        foreach (var (node, similarity) in found)
        {
            if (result.Count == k || similarity < minCosine)
            {
                break;
            }

            result.Add((node, similarity));
        }

        return result;
    }

    /// <summary>Writes the graph (vectors and links) to <paramref name="stream"/>, for <see cref="Read"/>.</summary>
    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        foreach (int value in new[] { Dimension, m, efConstruction, efSearch, Count, entry, top, upper.Count })
        {
            writer.Write(value);
        }

        writer.Write(MemoryMarshal.AsBytes(vectors.AsSpan(0, Count * Dimension)));
        writer.Write(MemoryMarshal.AsBytes(links0.AsSpan(0, Count * m0)));
        foreach (var (node, layers) in upper.OrderBy(u => u.Key))
        {
            writer.Write(node);
            writer.Write(layers.Length);
            foreach (var layer in layers)
            {
                writer.Write(MemoryMarshal.AsBytes(layer.AsSpan()));
            }
        }
    }

    /// <summary>
    /// The graph <see cref="Write"/> wrote to <paramref name="stream"/>, or null when it was written by another version
    /// or with other settings than these (then it is built again).
    /// </summary>
    /// <exception cref="EndOfStreamException">The stream ends early (a file cut short).</exception>
    public static HnswGraph? Read(Stream stream, int dimension, int links = 16, int efConstruction = 100, int efSearch = 128)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != FormatVersion)
        {
            return null;
        }

        var header = new int[8];
        for (int i = 0; i < header.Length; i++)
        {
            header[i] = reader.ReadInt32();
        }

        if (header[0] != dimension || header[1] != links || header[2] != efConstruction || header[3] != efSearch)
        {
            return null;
        }

        var graph = new HnswGraph(dimension, links, efConstruction, efSearch);
        int count = header[4];
        graph.Grow(Math.Max(count, 1));
        stream.ReadExactly(MemoryMarshal.AsBytes(graph.vectors.AsSpan(0, count * dimension)));
        stream.ReadExactly(MemoryMarshal.AsBytes(graph.links0.AsSpan(0, count * graph.m0)));
        for (int i = 0; i < header[7]; i++)
        {
            int node = reader.ReadInt32();
            var layers = new int[reader.ReadInt32()][];
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new int[links];
                stream.ReadExactly(MemoryMarshal.AsBytes(layers[l].AsSpan()));
            }

            graph.upper[node] = layers;
        }

        (graph.Count, graph.entry, graph.top) = (count, header[5], header[6]);
        return graph;
    }

    // The level of a row: the paper's floor(-ln(U) · mL), U from a SplitMix64 hash of the row (Steele et al. 2014).
    private int LevelOf(int node)
    {
        ulong z = unchecked(((ulong)node + 1) * 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        double uniform = (z >> 11) * (1.0 / (1UL << 53)); // [0, 1)
        return (int)(-Math.Log(1 - uniform) * levelFactor);
    }

    private float Similarity(ReadOnlySpan<float> query, int node) => SemanticVector.Dot(query, vectors.AsSpan(node * Dimension, Dimension));

    private Span<int> Links(int node, int layer) => layer == 0 ? links0.AsSpan(node * m0, m0) : upper[node][layer - 1];

    // Walks to the most similar node on one layer, from a start (the upper layers' descent).
    private int Greedy(ReadOnlySpan<float> query, int start, int layer)
    {
        int current = start;
        float best = Similarity(query, current);
        for (bool moved = true; moved;)
        {
            moved = false;
            foreach (int next in Links(current, layer))
            {
                if (next < 0)
                {
                    break;
                }

                float s = Similarity(query, next);
                if (s > best)
                {
                    (best, current, moved) = (s, next, true);
                }
            }
        }

        return current;
    }

    // The paper's SEARCH-LAYER: the ef nodes most similar to the query reachable from start, most similar first.
    private List<(int Node, float Similarity)> SearchLayer(ReadOnlySpan<float> query, int start, int ef, int layer)
    {
        if (++visitMark == int.MaxValue)
        {
            visited.AsSpan().Clear();
            visitMark = 1;
        }

        var candidates = new PriorityQueue<int, float>(); // most similar first (negated)
        var kept = new PriorityQueue<int, float>(); // least similar first
        float s0 = Similarity(query, start);
        visited[start] = visitMark;
        candidates.Enqueue(start, -s0);
        kept.Enqueue(start, s0);
        while (candidates.TryDequeue(out int node, out float negated))
        {
            kept.TryPeek(out _, out float worst);
            if (-negated < worst && kept.Count >= ef)
            {
                break;
            }

            foreach (int next in Links(node, layer))
            {
                if (next < 0)
                {
                    break;
                }

                if (visited[next] == visitMark)
                {
                    continue;
                }

                visited[next] = visitMark;
                float s = Similarity(query, next);
                kept.TryPeek(out _, out worst);
                if (kept.Count < ef || s > worst)
                {
                    candidates.Enqueue(next, -s);
                    kept.Enqueue(next, s);
                    if (kept.Count > ef)
                    {
                        kept.Dequeue();
                    }
                }
            }
        }

        var found = new List<(int Node, float Similarity)>(kept.Count);
        while (kept.TryDequeue(out int node, out float s))
        {
            found.Add((node, s));
        }

        found.Reverse();
        return found;
    }

    // The paper's heuristic (SELECT-NEIGHBORS-HEURISTIC): a candidate is linked only when it is more similar to the
    // node than to any neighbour already chosen, so links reach out of a tight cluster (template-like news) instead of
    // all pointing into it.
    private List<(int Node, float Similarity)> SelectNeighbours(List<(int Node, float Similarity)> candidates, int count)
    {
        var chosen = new List<(int Node, float Similarity)>(count);
        foreach (var candidate in candidates)
        {
            if (chosen.Count == count)
            {
                break;
            }

            var vector = vectors.AsSpan(candidate.Node * Dimension, Dimension);
            bool diverse = true;
            foreach (var (other, _) in chosen)
            {
                if (Similarity(vector, other) > candidate.Similarity)
                {
                    diverse = false;
                    break;
                }
            }

            if (diverse)
            {
                chosen.Add(candidate);
            }
        }

        return chosen;
    }

    // Links node → added on a layer; a full list is chosen again among its links and the new one.
    private void Connect(int node, int added, float similarity, int layer)
    {
        var links = Links(node, layer);
        for (int i = 0; i < links.Length; i++)
        {
            if (links[i] < 0)
            {
                links[i] = added;
                return;
            }
        }

        var own = vectors.AsSpan(node * Dimension, Dimension);
        var candidates = new List<(int Node, float Similarity)>(links.Length + 1) { (added, similarity) };
        foreach (int other in links)
        {
            candidates.Add((other, Similarity(own, other)));
        }

        candidates.Sort(static (x, y) => x.Similarity != y.Similarity ? y.Similarity.CompareTo(x.Similarity) : x.Node.CompareTo(y.Node));
        var chosen = SelectNeighbours(candidates, links.Length);
        links.Fill(-1);
        for (int i = 0; i < chosen.Count; i++)
        {
            links[i] = chosen[i].Node;
        }
    }

    private void Grow(int nodes)
    {
        if (nodes * Dimension > vectors.Length)
        {
            Array.Resize(ref vectors, Math.Max(nodes * Dimension, vectors.Length * 2));
        }

        if (nodes * m0 > links0.Length)
        {
            Array.Resize(ref links0, Math.Max(nodes * m0, links0.Length * 2));
        }

        if (nodes > visited.Length)
        {
            Array.Resize(ref visited, Math.Max(nodes, visited.Length * 2));
        }
    }
}
