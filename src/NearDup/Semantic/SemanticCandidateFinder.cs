namespace NearDup.Semantic;

/// <summary>
/// Exact nearest-neighbour search over document vectors: every document's <c>k</c> most similar others above a
/// cosine floor, without building all pairs (memory stays O(n·k)).
/// </summary>
/// <remarks>
/// Cost is O(n²·d) dot products, blocked so that a block of rows stays in cache while the whole set streams past
/// once per block. Measured figures in docs/PERFORMANCE-semantic.md. Not thread-safe while adding.
/// </remarks>
internal sealed class SemanticCandidateFinder
{
    private const int RowBlock = 128;
    private float[] vectors;

    /// <param name="dimension">Length of every vector added.</param>
    /// <param name="capacity">Vectors to make room for up front, when known: grown by doubling, the store of a scan's
    /// document vectors was allocated about twice over, and held old and new at once on the last growth (dense 20k:
    /// 31 MB of vectors, 67 MB allocated, 50 MB at once).</param>
    public SemanticCandidateFinder(int dimension, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Dimension = dimension;
        vectors = new float[capacity > 0 ? checked(capacity * dimension) : 1024];
    }

    public int Dimension { get; }

    /// <summary>Documents added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a document vector (normalized on the way in) and returns its index.</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the finder holds {Dimension}.", nameof(vector));
        }

        int need = (Count + 1) * Dimension;
        if (need > vectors.Length)
        {
            Array.Resize(ref vectors, Math.Max(need, vectors.Length * 2));
        }

        var target = vectors.AsSpan(Count * Dimension, Dimension);
        vector.CopyTo(target);
        for (int d = 0; d < target.Length; d++)
        {
            if (!float.IsFinite(target[d]))
            {
                throw new ArgumentException($"Vector has a non-finite value at dimension {d}.", nameof(vector));
            }
        }

        SemanticVector.Normalize(target);
        return Count++;
    }

    /// <summary>
    /// The pairs in which either document is among the other's <paramref name="k"/> nearest with cosine at least
    /// <paramref name="minCosine"/>; each pair once (A &lt; B), most similar first. Exact, not approximate.
    /// </summary>
    public IReadOnlyList<SemanticCandidate> FindPairs(int k, float minCosine, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (minCosine is < -1 or > 1 || float.IsNaN(minCosine))
        {
            throw new ArgumentOutOfRangeException(nameof(minCosine), minCosine, "minCosine must be in [-1, 1].");
        }

        int n = Count;
        var neighbours = new int[n * k];
        var cosines = new float[n * k];
        neighbours.AsSpan().Fill(-1);
        int blocks = (n + RowBlock - 1) / RowBlock;
        var locks = new object[1024];
        for (int l = 0; l < locks.Length; l++)
        {
            locks[l] = new object();
        }

        // A full list's weakest cosine (only rises): a pair at or below it would be turned away, so it skips the lock.
        var floors = new float[n];
        floors.AsSpan().Fill(float.NegativeInfinity);

        // Early blocks pair with more later rows; scheduling them first balances the threads.
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, block =>
            SearchBlock(block * RowBlock, Math.Min(n, (block + 1) * RowBlock), k, minCosine, neighbours, cosines, locks, floors));

        var seen = new HashSet<long>();
        var pairs = new List<SemanticCandidate>();
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < k; r++)
            {
                int j = neighbours[(i * k) + r];
                if (j < 0)
                {
                    continue;
                }

                int a = Math.Min(i, j), b = Math.Max(i, j);
                if (seen.Add(((long)a << 32) | (uint)b))
                {
                    pairs.Add(new SemanticCandidate(a, b, cosines[(i * k) + r]));
                }
            }
        }

        pairs.Sort((x, y) => y.Cosine != x.Cosine ? y.Cosine.CompareTo(x.Cosine) : x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        return pairs;
    }

    /// <summary>The <paramref name="k"/> documents nearest to <paramref name="vector"/> with cosine at least <paramref name="minCosine"/>, nearest first.</summary>
    public IReadOnlyList<(int Index, float Cosine)> Query(ReadOnlySpan<float> vector, int k, float minCosine)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the finder holds {Dimension}.", nameof(vector));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var ids = new int[k];
        var cos = new float[k];
        ids.AsSpan().Fill(-1);
        Span<float> query = stackalloc float[Dimension];
        vector.CopyTo(query);
        SemanticVector.Normalize(query);
        for (int j = 0; j < Count; j++)
        {
            float c = SemanticVector.Dot(query, vectors.AsSpan(j * Dimension, Dimension));
            if (c >= minCosine)
            {
                Offer(ids, cos, j, c);
            }
        }

        var result = new List<(int, float)>(k);
        for (int r = 0; r < k; r++)
        {
            if (ids[r] >= 0)
            {
                result.Add((ids[r], cos[r]));
            }
        }

        result.Sort((x, y) => y.Item2.CompareTo(x.Item2));
        return result;
    }

    // Rows [first, end) against every later row: each pair is computed once and offered to both sides' lists.
    // The block's rows stay in cache while the later rows stream past; four rows share each load of a column.
    private void SearchBlock(int first, int end, int k, float minCosine, int[] neighbours, float[] cosines, object[] locks, float[] floors)
    {
        int dim = Dimension;
        int n = Count;
        Span<float> dots = stackalloc float[4];
        Span<float> dots2 = stackalloc float[8];
        int j = first + 1;
        for (; j < end && j < n; j++)
        {
            SearchColumn(first, Math.Min(end, j), j, k, minCosine, neighbours, cosines, locks, floors, dots); // inside the block: rows below j only
        }

        // Past the block every row is below the column: two columns at a time share each load of four rows. Every
        // dot is summed as in Dot4, so cosines are bit for bit the same, and each list gets its offers in the same order.
        for (; j + 2 <= n; j += 2)
        {
            var vj = vectors.AsSpan(j * dim, 2 * dim);
            int i = first;
            for (; i + 4 <= end; i += 4)
            {
                Dot4x2(vectors.AsSpan(i * dim, 4 * dim), vj, dots2);
                for (int c = 0; c < 2; c++)
                {
                    for (int r = 0; r < 4; r++)
                    {
                        if (dots2[(c * 4) + r] >= minCosine)
                        {
                            Record(i + r, j + c, dots2[(c * 4) + r], k, neighbours, cosines, locks, floors);
                        }
                    }
                }
            }

            for (; i < end; i++)
            {
                for (int c = 0; c < 2; c++)
                {
                    float cos = SemanticVector.Dot(vectors.AsSpan(i * dim, dim), vj.Slice(c * dim, dim));
                    if (cos >= minCosine)
                    {
                        Record(i, j + c, cos, k, neighbours, cosines, locks, floors);
                    }
                }
            }
        }

        for (; j < n; j++)
        {
            SearchColumn(first, end, j, k, minCosine, neighbours, cosines, locks, floors, dots);
        }
    }

    // Rows [first, rowEnd) against column j.
    private void SearchColumn(int first, int rowEnd, int j, int k, float minCosine, int[] neighbours, float[] cosines, object[] locks, float[] floors, Span<float> dots)
    {
        int dim = Dimension;
        var vj = vectors.AsSpan(j * dim, dim);
        int i = first;
        for (; i + 4 <= rowEnd; i += 4)
        {
            Dot4(vectors.AsSpan(i * dim, 4 * dim), vj, dots);
            for (int r = 0; r < 4; r++)
            {
                if (dots[r] >= minCosine)
                {
                    Record(i + r, j, dots[r], k, neighbours, cosines, locks, floors);
                }
            }
        }

        for (; i < rowEnd; i++)
        {
            float c = SemanticVector.Dot(vectors.AsSpan(i * dim, dim), vj);
            if (c >= minCosine)
            {
                Record(i, j, c, k, neighbours, cosines, locks, floors);
            }
        }
    }

    private static void Record(int i, int j, float c, int k, int[] neighbours, float[] cosines, object[] locks, float[] floors)
    {
        OfferTo(i, j, c, k, neighbours, cosines, locks, floors);
        OfferTo(j, i, c, k, neighbours, cosines, locks, floors);
    }

    // Offers id to the top k of list.
    private static void OfferTo(int list, int id, float c, int k, int[] neighbours, float[] cosines, object[] locks, float[] floors)
    {
        if (c <= Volatile.Read(ref floors[list]))
        {
            return; // the list is full and c would not beat its weakest (a stale floor is only lower)
        }

        lock (locks[list & (locks.Length - 1)])
        {
            var ids = neighbours.AsSpan(list * k, k);
            var cos = cosines.AsSpan(list * k, k);
            Offer(ids, cos, id, c);
            if (ids[^1] >= 0)
            {
                float weakest = cos[0];
                for (int r = 1; r < k; r++)
                {
                    weakest = Math.Min(weakest, cos[r]);
                }

                Volatile.Write(ref floors[list], weakest);
            }
        }
    }

    // Dots of four consecutive rows with two consecutive columns (columns = 2 × dim floats): dots[c*4 + r]. Each
    // accumulator sums exactly as Dot4's does.
    private static void Dot4x2(ReadOnlySpan<float> rows, ReadOnlySpan<float> columns, Span<float> dots)
    {
        int dim = columns.Length / 2;
        if (!System.Numerics.Vector.IsHardwareAccelerated || dim % System.Numerics.Vector<float>.Count != 0)
        {
            Dot4(rows, columns[..dim], dots[..4]);
            Dot4(rows, columns.Slice(dim, dim), dots.Slice(4, 4));
            return;
        }

        var r0 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows[..dim]);
        var r1 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(dim, dim));
        var r2 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(2 * dim, dim));
        var r3 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(3 * dim, dim));
        var c0 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(columns[..dim]);
        var c1 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(columns.Slice(dim, dim));
        var a0 = System.Numerics.Vector<float>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var b0 = a0;
        var b1 = a0;
        var b2 = a0;
        var b3 = a0;
        for (int v = 0; v < c0.Length; v++)
        {
            var x0 = r0[v];
            var x1 = r1[v];
            var x2 = r2[v];
            var x3 = r3[v];
            var cv = c0[v];
            var dv = c1[v];
            a0 += x0 * cv;
            a1 += x1 * cv;
            a2 += x2 * cv;
            a3 += x3 * cv;
            b0 += x0 * dv;
            b1 += x1 * dv;
            b2 += x2 * dv;
            b3 += x3 * dv;
        }

        dots[0] = System.Numerics.Vector.Sum(a0);
        dots[1] = System.Numerics.Vector.Sum(a1);
        dots[2] = System.Numerics.Vector.Sum(a2);
        dots[3] = System.Numerics.Vector.Sum(a3);
        dots[4] = System.Numerics.Vector.Sum(b0);
        dots[5] = System.Numerics.Vector.Sum(b1);
        dots[6] = System.Numerics.Vector.Sum(b2);
        dots[7] = System.Numerics.Vector.Sum(b3);
    }

    // Dots of four consecutive rows (rows = 4 × column.Length floats) with one column.
    private static void Dot4(ReadOnlySpan<float> rows, ReadOnlySpan<float> column, Span<float> dots)
    {
        int dim = column.Length;
        int i = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && dim >= System.Numerics.Vector<float>.Count)
        {
            var r0 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows[..dim]);
            var r1 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(dim, dim));
            var r2 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(2 * dim, dim));
            var r3 = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(rows.Slice(3 * dim, dim));
            var c = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(column);
            var a0 = System.Numerics.Vector<float>.Zero;
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (int v = 0; v < c.Length; v++)
            {
                var cv = c[v];
                a0 += r0[v] * cv;
                a1 += r1[v] * cv;
                a2 += r2[v] * cv;
                a3 += r3[v] * cv;
            }

            s0 = System.Numerics.Vector.Sum(a0);
            s1 = System.Numerics.Vector.Sum(a1);
            s2 = System.Numerics.Vector.Sum(a2);
            s3 = System.Numerics.Vector.Sum(a3);
            i = c.Length * System.Numerics.Vector<float>.Count;
        }

        for (; i < dim; i++)
        {
            float cv = column[i];
            s0 += rows[i] * cv;
            s1 += rows[dim + i] * cv;
            s2 += rows[(2 * dim) + i] * cv;
            s3 += rows[(3 * dim) + i] * cv;
        }

        dots[0] = s0;
        dots[1] = s1;
        dots[2] = s2;
        dots[3] = s3;
    }

    // Keeps the k best: replaces the weakest slot (empty slots first).
    private static void Offer(Span<int> ids, Span<float> cos, int id, float c)
    {
        int weakest = 0;
        for (int r = 0; r < ids.Length; r++)
        {
            if (ids[r] < 0)
            {
                weakest = r;
                break;
            }

            if (cos[r] < cos[weakest])
            {
                weakest = r;
            }
        }

        if (ids[weakest] < 0 || c > cos[weakest])
        {
            ids[weakest] = id;
            cos[weakest] = c;
        }
    }
}
