using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.Win32.SafeHandles;
using NearDup.Pipeline;
using NearDup.Threading;

namespace NearDup.Group;

/// <summary>
/// Sparse, L2-normalized tf-idf vectors of documents' words (built by <see cref="TermVectorBuilder"/>), with the
/// neighbour search the story graph is built from. Thread-safe; immutable but for <see cref="Spill"/>.
/// </summary>
internal sealed class TermVectors : IDisposable
{
    private readonly int[] offsets;
    private int[] terms; // term ids, ascending within each row; as ushort in its first half when narrow
    private readonly bool narrow; // term ids fit in 16 bits: the cosines read 6 bytes a posting, not 8 (memory-bound)
    private float[] weights;
    private int[] documentFrequency; // by term id
    private readonly float[] sharedNorm;
    private SafeFileHandle? spilled; // the rows' terms, then their weights, once spilled

    // Below this the rows stay in memory (small scans, tests): a file is not worth it.
    private const long MinSpillBytes = 16L << 20;

    internal TermVectors(int[] offsets, int[] terms, float[] weights, int[] documentFrequency, float[] sharedNorm)
    {
        this.sharedNorm = sharedNorm;
        this.offsets = offsets;
        this.terms = terms;
        this.weights = weights;
        this.documentFrequency = documentFrequency;
        narrow = documentFrequency.Length <= ushort.MaxValue + 1;
        if (narrow)
        {
            // In place: id i goes to bytes [2i, 2i + 2), inside ids already read.
            var ids = MemoryMarshal.Cast<int, ushort>(terms.AsSpan());
            for (int i = 0; i < terms.Length; i++)
            {
                ids[i] = (ushort)terms[i];
            }
        }
    }

    // The term id at a position of the flat rows.
    private int TermAt(int p) => narrow ? Unsafe.Add(ref Unsafe.As<int, ushort>(ref MemoryMarshal.GetArrayDataReference(terms)), p) : terms[p];

    /// <summary>Documents held.</summary>
    public int Count => offsets.Length - 1;

    /// <summary>Distinct weighted terms of document <paramref name="ordinal"/>.</summary>
    public int TermCount(int ordinal) => offsets[ordinal + 1] - offsets[ordinal];

    /// <summary>Cosine over all words, a document's own words included: how much of the two texts the shared words are.
    /// Small in a small corpus where only common words are shared.</summary>
    public double FullCosine(int a, int b) => FullCosineOf(a, b, Cosine(a, b));

    // The full cosine from a known Cosine(a, b): the shared-word cosine scaled by both shares of the full norms.
    internal double FullCosineOf(int a, int b, double cosine) => cosine * sharedNorm[a] * sharedNorm[b];

    /// <summary>Cosine of two documents' vectors over the words some other document has too (normalized over those):
    /// 0 when they share no weighted word.</summary>
    public double Cosine(int a, int b)
    {
        if (spilled is not null)
        {
            return SpilledCosine(a, b);
        }

        int from = offsets[a], to = offsets[b];
        int lengthA = offsets[a + 1] - from, lengthB = offsets[b + 1] - to;
        if (narrow)
        {
            var ids = MemoryMarshal.Cast<int, ushort>(terms.AsSpan());
            return Cosine(ids.Slice(from, lengthA), weights.AsSpan(from, lengthA), ids.Slice(to, lengthB), weights.AsSpan(to, lengthB));
        }

        return Cosine(terms.AsSpan(from, lengthA), weights.AsSpan(from, lengthA), terms.AsSpan(to, lengthB), weights.AsSpan(to, lengthB));
    }

    private static double Cosine<TTerm>(ReadOnlySpan<TTerm> termsA, ReadOnlySpan<float> weightsA, ReadOnlySpan<TTerm> termsB, ReadOnlySpan<float> weightsB)
        where TTerm : unmanaged, IBinaryInteger<TTerm>
    {
        int i = 0, endA = termsA.Length, j = 0, endB = termsB.Length;
        double dot = 0;
        while (i < endA && j < endB)
        {
            int x = int.CreateTruncating(termsA[i]), y = int.CreateTruncating(termsB[j]);
            if (x == y)
            {
                dot += weightsA[i++] * weightsB[j++];
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot;
    }

    /// <summary>
    /// Moves the rows (term ids and weights) to a temporary file in <paramref name="directory"/> once the neighbour
    /// search is done, when they are large: what reads them later (<see cref="Cosine(int, int)"/> of the few pairs the search did
    /// not score) reads two rows from the file. On dense 20k they are ~52 MB, which sat live under the semantic stage's
    /// models and grouping, the scan's peak. <see cref="FindPairs"/> cannot run after.
    /// </summary>
    /// <param name="directory">Where the file goes (the system's temporary folder when null).</param>
    /// <param name="minBytes">Rows smaller than this stay in memory.</param>
    public void Spill(string? directory, long minBytes = MinSpillBytes)
    {
        if (spilled is not null || (long)terms.Length * (sizeof(int) + sizeof(float)) < minBytes)
        {
            return;
        }

        // A full or unwritable temporary folder costs memory, not the scan: the rows stay where they are.
        var file = SpillFile.TryWrite(directory, "terms", f =>
        {
            RandomAccess.Write(f, MemoryMarshal.AsBytes(terms.AsSpan())[..(terms.Length * TermSize)], 0);
            RandomAccess.Write(f, MemoryMarshal.AsBytes(weights.AsSpan()), (long)terms.Length * TermSize);
        });
        if (file is null)
        {
            return;
        }

        spilled = file;
        terms = [];
        weights = [];
        documentFrequency = [];
    }

    // Bytes a term id takes in the rows (and the spill file).
    private int TermSize => narrow ? sizeof(ushort) : sizeof(int);

    private double SpilledCosine(int a, int b) => narrow ? SpilledCosine<ushort>(a, b) : SpilledCosine<int>(a, b);

    private double SpilledCosine<TTerm>(int a, int b)
        where TTerm : unmanaged, IBinaryInteger<TTerm>
    {
        long entries = offsets[^1];
        int lengthA = offsets[a + 1] - offsets[a], lengthB = offsets[b + 1] - offsets[b];
        TTerm[] rows = ArrayPool<TTerm>.Shared.Rent(lengthA + lengthB);
        float[] rowWeights = ArrayPool<float>.Shared.Rent(lengthA + lengthB);
        try
        {
            var termsA = rows.AsSpan(0, lengthA);
            var termsB = rows.AsSpan(lengthA, lengthB);
            var weightsA = rowWeights.AsSpan(0, lengthA);
            var weightsB = rowWeights.AsSpan(lengthA, lengthB);
            int size = Unsafe.SizeOf<TTerm>();
            ReadRow(MemoryMarshal.AsBytes(termsA), (long)offsets[a] * size);
            ReadRow(MemoryMarshal.AsBytes(termsB), (long)offsets[b] * size);
            ReadRow(MemoryMarshal.AsBytes(weightsA), (entries * size) + ((long)offsets[a] * sizeof(float)));
            ReadRow(MemoryMarshal.AsBytes(weightsB), (entries * size) + ((long)offsets[b] * sizeof(float)));
            return Cosine<TTerm>(termsA, weightsA, termsB, weightsB);
        }
        finally
        {
            ArrayPool<TTerm>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(rowWeights);
        }
    }

    private void ReadRow(Span<byte> into, long at) => SpillFile.Read(spilled!, into, at);

    /// <summary>Deletes the spill file, if any.</summary>
    public void Dispose() => spilled?.Dispose();

    // Documents whose pairs one worker lists at a time.
    private const int PairBlock = 4096;

    // Bounds of the words searched by document frequency: at least 50, at most 200 whatever the share, so the search
    // stays linear in documents (a word in 1% of a million documents would cost 10,000 postings per query).
    private const int MinPostings = 50;
    private const int MaxPostings = 200;

    /// <summary>
    /// Pairs (A &lt; B) in which either is among the other's <paramref name="k"/> most similar with cosine at least
    /// <paramref name="minCosine"/>, by an inverted index: approximate, as search engines prune queries. A document
    /// searches with its <paramref name="searchTerms"/> heaviest words, and words in more than
    /// <paramref name="maxDocumentShare"/> of the documents (at least 50, at most 200) are left out of the search, not of the
    /// cosine: they only add to pairs that share rarer words too. The 4 × k best by the search's partial score are
    /// rescored exactly. Cost: at most n × searchTerms × that cap postings, linear in documents.
    /// </summary>
    public IReadOnlyList<(int A, int B, double Cosine)> FindPairs(int k, double minCosine, double maxDocumentShare = 0.01, int searchTerms = 32, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(searchTerms, 1);
        if (spilled is not null)
        {
            throw new InvalidOperationException("The term vectors were spilled: search before spilling.");
        }

        int n = Count;
        int maxDf = Math.Clamp((int)(maxDocumentShare * n), MinPostings, MaxPostings);
        var index = new PostingIndex(this, maxDf);
        int rescored = 4 * k;

        var best = new (int, double)[n][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var queries = QueryOrder(index, parallel);
        new WorkerStates<Accumulator>(() => new Accumulator(n, documentFrequency.Length, searchTerms, maxDf, rescored)).For(0, n, parallel, (q, acc) =>
        {
            int d = queries[q];
            int heaviest = HeaviestTerms(d, acc.SearchKeys, acc.SearchPositions);
            // Locals and unchecked score reads (every posting's document is under n): the loop over postings is the
            // search's largest part. Each posting's document is listed, marked (top bit) when first scored, and the
            // first ones are kept after: counting them in the loop made each posting wait for the last one's score
            // (a chain of cache reads), and a branch on it was mispredicted. The query itself is scored too, and
            // passed over below.
            var scores = acc.Scores;
            var touched = acc.Touched;
            int visited = 0;
            ref float scoreAt = ref MemoryMarshal.GetArrayDataReference(scores);
            for (int s = 0; s < heaviest; s++)
            {
                int p = acc.SearchPositions[s];
                int term = TermAt(p);
                if (!index.Searched(term))
                {
                    continue;
                }

                float w = weights[p];
                foreach (var (other, weight) in index.Postings(term))
                {
                    ref float score = ref Unsafe.Add(ref scoreAt, other);
                    touched[visited++] = other | (Unsafe.BitCast<bool, byte>(score == 0) << 31);
                    score += w * weight;
                }
            }

            int touchedCount = 0;
            for (int i = 0; i < visited; i++)
            {
                int entry = touched[i];
                touched[touchedCount] = entry & int.MaxValue;
                touchedCount += (int)((uint)entry >> 31);
            }

            // The best partial scores (a lower bound of the cosine: all weights are positive) are rescored exactly.
            // Keys order by score, then by smaller ordinal (scores are ≥ 0, so their bits order as the floats do).
            var heap = acc.Heap;
            int ranked = 0;
            foreach (int other in touched.AsSpan(0, touchedCount))
            {
                ulong key = ((ulong)BitConverter.SingleToUInt32Bits(scores[other]) << 32) | ~(uint)other;
                scores[other] = 0;
                if (other == d)
                {
                    continue;
                }

                if (ranked < rescored)
                {
                    heap[ranked++] = key;
                    SiftUp(heap, ranked - 1);
                }
                else if (key > heap[0])
                {
                    heap[0] = key;
                    SiftDown(heap, ranked);
                }
            }

            heap.AsSpan(0, ranked).Sort();
            var order = acc.Ranked;
            for (int r = 0; r < ranked; r++)
            {
                order[r] = (int)~(uint)heap[ranked - 1 - r];
            }

            // Exact cosines against the query's weights spread over a dense row: a gather per word of the other
            // document instead of a merge of both rows (the products are summed in the same order, so the same sums).
            var dense = acc.Dense;
            int from = offsets[d], to = offsets[d + 1];
            for (int p = from; p < to; p++)
            {
                dense[TermAt(p)] = weights[p];
            }

            var kept = acc.Kept;
            kept.Clear();
            Span<double> cosines = stackalloc double[CosinesAtOnce];
            for (int r = 0; r < ranked && kept.Count < k; r += CosinesAtOnce)
            {
                int batch = Math.Min(CosinesAtOnce, ranked - r);
                if (narrow)
                {
                    DenseCosines(dense, ref Unsafe.As<int, ushort>(ref MemoryMarshal.GetArrayDataReference(terms)), order.AsSpan(r, batch), cosines);
                }
                else
                {
                    DenseCosines(dense, ref MemoryMarshal.GetArrayDataReference(terms), order.AsSpan(r, batch), cosines);
                }
                for (int j = 0; j < batch && kept.Count < k; j++)
                {
                    if (cosines[j] >= minCosine)
                    {
                        kept.Add((order[r + j], cosines[j]));
                    }
                }
            }

            for (int p = from; p < to; p++)
            {
                dense[TermAt(p)] = 0;
            }

            best[d] = [.. kept];
        });

        // Each pair once, where first met: a pair (other, d) with other < d was met at other when d is among its
        // best (at most k to look through, where a set of millions of pairs was hashed). Blocks of documents are
        // listed in parallel and joined in order: the pairs come in the order one pass gives.
        var blocks = new List<(int, int, double)>[(n + PairBlock - 1) / PairBlock];
        Parallel.For(0, blocks.Length, parallel, b =>
        {
            var found = new List<(int, int, double)>();
            for (int d = b * PairBlock, end = Math.Min(n, d + PairBlock); d < end; d++)
            {
                foreach (var (other, cosine) in best[d])
                {
                    if (d < other)
                    {
                        found.Add((d, other, cosine));
                    }
                    else if (!Holds(best[other], d))
                    {
                        found.Add((other, d, cosine));
                    }
                }
            }

            blocks[b] = found;
        });

        int total = 0;
        foreach (var found in blocks)
        {
            total += found.Count;
        }

        var pairs = new List<(int, int, double)>(total);
        foreach (var found in blocks)
        {
            pairs.AddRange(found);
        }

        return pairs;

        static bool Holds((int Other, double Cosine)[] row, int document)
        {
            foreach (var (other, _) in row)
            {
                if (other == document)
                {
                    return true;
                }
            }

            return false;
        }
    }

    // The documents in the order they search: by their heaviest searched word, so that queries one after another
    // share it and many of the candidates whose rows they rescore, read again from cache, not from memory (in ordinal
    // order the search took 1.5 times as long on synthetic 100k). Each query's neighbours do not depend on the order.
    private int[] QueryOrder(PostingIndex index, ParallelOptions parallel)
    {
        int n = Count;
        var keys = new long[n];
        Parallel.For(0, n, parallel, d =>
        {
            int heaviest = -1;
            float most = 0;
            for (int p = offsets[d]; p < offsets[d + 1]; p++)
            {
                if (weights[p] > most && index.Searched(TermAt(p)))
                {
                    most = weights[p];
                    heaviest = TermAt(p);
                }
            }

            keys[d] = ((long)(uint)heaviest << 32) | (uint)d;
        });
        Array.Sort(keys);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = (int)keys[i];
        }

        return order;
    }

    // A min-heap of keys: the root is the worst kept.
    internal static void SiftUp(ulong[] heap, int at)
    {
        ulong key = heap[at];
        while (at > 0)
        {
            int parent = (at - 1) >> 1;
            if (heap[parent] <= key)
            {
                break;
            }

            heap[at] = heap[parent];
            at = parent;
        }

        heap[at] = key;
    }

    internal static void SiftDown(ulong[] heap, int count)
    {
        ulong key = heap[0];
        int at = 0;
        while (true)
        {
            int child = (2 * at) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1] < heap[child])
            {
                child++;
            }

            if (heap[child] >= key)
            {
                break;
            }

            heap[at] = heap[child];
            at = child;
        }

        heap[at] = key;
    }


    // Candidates rescored together: each cosine is a chain of dependent additions, so four chains side by side keep
    // the core busy while each sums its products in its own order (the same sums as one at a time).
    private const int CosinesAtOnce = 4;

    // Cosines of the document spread over dense (by term id) with each of others (at most CosinesAtOnce), in order.
    // termAt: the rows' first id, as stored (ushort when narrow).
    private void DenseCosines<TTerm>(float[] dense, ref TTerm termAt, ReadOnlySpan<int> others, Span<double> cosines)
        where TTerm : unmanaged, IBinaryInteger<TTerm>
    {
        if (others.Length < CosinesAtOnce)
        {
            for (int j = 0; j < others.Length; j++)
            {
                cosines[j] = DenseCosine(dense, ref termAt, offsets[others[j]], offsets[others[j] + 1], 0);
            }

            return;
        }

        int start0 = offsets[others[0]], start1 = offsets[others[1]], start2 = offsets[others[2]], start3 = offsets[others[3]];
        int end0 = offsets[others[0] + 1], end1 = offsets[others[1] + 1], end2 = offsets[others[2] + 1], end3 = offsets[others[3] + 1];
        int common = Math.Min(Math.Min(end0 - start0, end1 - start1), Math.Min(end2 - start2, end3 - start3));
        // Unchecked reads (rows lie inside the flat arrays, term ids inside dense): the checks were a third of the loop.
        ref float denseAt = ref MemoryMarshal.GetArrayDataReference(dense);
        ref float weightAt = ref MemoryMarshal.GetArrayDataReference(weights);
        double dot0 = 0, dot1 = 0, dot2 = 0, dot3 = 0;
        for (int i = 0; i < common; i++)
        {
            dot0 += Unsafe.Add(ref denseAt, int.CreateTruncating(Unsafe.Add(ref termAt, start0 + i))) * Unsafe.Add(ref weightAt, start0 + i);
            dot1 += Unsafe.Add(ref denseAt, int.CreateTruncating(Unsafe.Add(ref termAt, start1 + i))) * Unsafe.Add(ref weightAt, start1 + i);
            dot2 += Unsafe.Add(ref denseAt, int.CreateTruncating(Unsafe.Add(ref termAt, start2 + i))) * Unsafe.Add(ref weightAt, start2 + i);
            dot3 += Unsafe.Add(ref denseAt, int.CreateTruncating(Unsafe.Add(ref termAt, start3 + i))) * Unsafe.Add(ref weightAt, start3 + i);
        }

        cosines[0] = DenseCosine(dense, ref termAt, start0 + common, end0, dot0);
        cosines[1] = DenseCosine(dense, ref termAt, start1 + common, end1, dot1);
        cosines[2] = DenseCosine(dense, ref termAt, start2 + common, end2, dot2);
        cosines[3] = DenseCosine(dense, ref termAt, start3 + common, end3, dot3);
    }

    // The dot product of dense with the row positions [from, end), added to dot in row order.
    private double DenseCosine<TTerm>(float[] dense, ref TTerm termAt, int from, int end, double dot)
        where TTerm : unmanaged, IBinaryInteger<TTerm>
    {
        for (int q = from; q < end; q++)
        {
            dot += dense[int.CreateTruncating(Unsafe.Add(ref termAt, q))] * weights[q];
        }

        return dot;
    }

    // Writes the positions of the document's heaviest weighted words (all of them when it has few); returns how many.
    private int HeaviestTerms(int d, float[] keys, int[] positions)
    {
        int start = offsets[d], length = offsets[d + 1] - start;
        if (length <= positions.Length)
        {
            for (int i = 0; i < length; i++)
            {
                positions[i] = start + i;
            }

            return length;
        }

        var row = weights.AsSpan(start, length);
        if (positions.Length == HeaviestAtOnce && Avx512F.IsSupported)
        {
            Heaviest32(row, start, positions);
            return HeaviestAtOnce;
        }

        return HeaviestWindow(row, start, keys, positions);
    }

    // The heaviest positions.Length words of the row (longer), by weight, ties earlier first, as positions from start:
    // a small sorted window (keys descending), no allocation per document.
    internal static int HeaviestWindow(ReadOnlySpan<float> row, int start, float[] keys, int[] positions)
    {
        int count = 0;
        for (int i = 0; i < row.Length; i++)
        {
            float w = row[i];
            if (count == positions.Length && w <= keys[count - 1])
            {
                continue;
            }

            int at = count == positions.Length ? count - 1 : count++;
            while (at > 0 && keys[at - 1] < w)
            {
                keys[at] = keys[at - 1];
                positions[at] = positions[at - 1];
                at--;
            }

            keys[at] = w;
            positions[at] = start + i;
        }

        return count;
    }

    // Words the AVX-512 window holds: two vectors of 16.
    internal const int HeaviestAtOnce = 32;

    // HeaviestWindow's 32 (row longer than 32, weights > 0), in its order, by AVX-512: a word the window takes goes to
    // its place (how many kept weigh at least as much) by a compare, a count and a permute that moves the lighter ones
    // down a lane, where the scalar window moved them one at a time behind a branch on each.
    internal static void Heaviest32(ReadOnlySpan<float> row, int start, Span<int> positions)
    {
        var lower = Vector512.Create(-1f); // weights are > 0: -1 marks an empty place
        var upper = lower;
        var lowerAt = Vector512<int>.Zero;
        var upperAt = lowerAt;
        var lanes = Vector512<int>.Indices;
        var upperLanes = lanes + Vector512.Create(16);
        var fromLower = Vector512.Max(lanes - Vector512<int>.One, Vector512<int>.Zero); // lane i takes lane i - 1
        var fromUpper = lanes + Vector512.Create(15); // lane 16 + i takes lane 15 + i of both
        float lightest = -1;
        for (int i = 0; i < row.Length; i++)
        {
            float w = row[i];
            if (w <= lightest)
            {
                continue;
            }

            var weight = Vector512.Create(w);
            int place = BitOperations.PopCount(Vector512.GreaterThanOrEqual(lower, weight).ExtractMostSignificantBits())
                + BitOperations.PopCount(Vector512.GreaterThanOrEqual(upper, weight).ExtractMostSignificantBits());
            var at = Vector512.Create(place);
            var position = Vector512.Create(start + i);
            var lowerKept = Vector512.LessThan(lanes, at);
            var lowerHere = Vector512.Equals(lanes, at);
            var upperKept = Vector512.LessThan(upperLanes, at);
            var upperHere = Vector512.Equals(upperLanes, at);
            var movedLower = Avx512F.PermuteVar16x32(lower, fromLower);
            var movedUpper = Avx512F.PermuteVar16x32x2(lower, fromUpper, upper);
            var movedLowerAt = Avx512F.PermuteVar16x32(lowerAt, fromLower);
            var movedUpperAt = Avx512F.PermuteVar16x32x2(lowerAt, fromUpper, upperAt);
            lower = Vector512.ConditionalSelect(lowerKept.AsSingle(), lower, Vector512.ConditionalSelect(lowerHere.AsSingle(), weight, movedLower));
            upper = Vector512.ConditionalSelect(upperKept.AsSingle(), upper, Vector512.ConditionalSelect(upperHere.AsSingle(), weight, movedUpper));
            lowerAt = Vector512.ConditionalSelect(lowerKept, lowerAt, Vector512.ConditionalSelect(lowerHere, position, movedLowerAt));
            upperAt = Vector512.ConditionalSelect(upperKept, upperAt, Vector512.ConditionalSelect(upperHere, position, movedUpperAt));
            lightest = upper.GetElement(15);
        }

        lowerAt.CopyTo(positions);
        upperAt.CopyTo(positions[16..]);
    }

    // Inverted index over the searchable words (document frequency at most the cap), as flat arrays by term id.
    private sealed class PostingIndex
    {
        private readonly int[] starts;
        private readonly int[] ends;
        private readonly int[] documentFrequency;
        private readonly int maxDf;
        private readonly (int Document, float Weight)[] entries;

        public PostingIndex(TermVectors vectors, int maxDf)
        {
            var df = vectors.documentFrequency;
            starts = new int[df.Length + 1];
            for (int t = 0; t < df.Length; t++)
            {
                starts[t + 1] = starts[t] + (df[t] <= maxDf ? df[t] : 0);
            }

            // Each posting holds its document and weight: the search reads them in order, not scattered over all terms.
            // A term's postings are its documents with a positive weight, fewer than df when some are not kept.
            entries = new (int, float)[starts[^1]];
            var fill = starts[..^1];
            for (int d = 0; d < vectors.Count; d++)
            {
                for (int p = vectors.offsets[d]; p < vectors.offsets[d + 1]; p++)
                {
                    int t = vectors.TermAt(p);
                    if (df[t] <= maxDf)
                    {
                        entries[fill[t]++] = (d, vectors.weights[p]);
                    }
                }
            }

            ends = fill;
            this.maxDf = maxDf;
            documentFrequency = df;
        }

        /// <summary>Whether the term's postings are searched (not too common).</summary>
        public bool Searched(int term) => documentFrequency[term] <= maxDf;

        public ReadOnlySpan<(int Document, float Weight)> Postings(int term) => entries.AsSpan(starts[term], ends[term] - starts[term]);
    }

    // Per-worker scratch: dense scores and the documents touched (reset after each query), the search words, and the
    // heap of the best partial scores (its root the worst kept).
    private sealed class Accumulator(int documents, int termIds, int searchTerms, int maxPostings, int rescored)
    {
        public readonly float[] Scores = new float[documents];
        public readonly float[] Dense = new float[termIds];
        public readonly List<(int, double)> Kept = [];
        public readonly int[] Touched = new int[searchTerms * maxPostings]; // one a posting searched, at most
        public readonly float[] SearchKeys = new float[searchTerms];
        public readonly int[] SearchPositions = new int[searchTerms];
        public readonly int[] Ranked = new int[rescored];
        public readonly ulong[] Heap = new ulong[rescored];
    }
}
