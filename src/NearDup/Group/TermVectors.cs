namespace NearDup.Group;

/// <summary>
/// Sparse, L2-normalized tf-idf vectors of documents' words (built by <see cref="TermVectorBuilder"/>), with the
/// neighbour search the story graph is built from. Immutable and thread-safe.
/// </summary>
public sealed class TermVectors
{
    private readonly int[] offsets;
    private readonly ulong[] terms;
    private readonly float[] weights;
    private readonly int[] documentFrequency;
    private readonly float[] sharedNorm;

    internal TermVectors(int[] offsets, ulong[] terms, float[] weights, int[] documentFrequency, float[] sharedNorm)
    {
        this.sharedNorm = sharedNorm;
        this.offsets = offsets;
        this.terms = terms;
        this.weights = weights;
        this.documentFrequency = documentFrequency;
    }

    /// <summary>Documents held.</summary>
    public int Count => offsets.Length - 1;

    /// <summary>Distinct weighted terms of document <paramref name="ordinal"/>.</summary>
    public int TermCount(int ordinal) => offsets[ordinal + 1] - offsets[ordinal];

    /// <summary>Cosine over all words, a document's own words included: how much of the two texts the shared words are.
    /// Small in a small corpus where only common words are shared.</summary>
    public double FullCosine(int a, int b) => Cosine(a, b) * sharedNorm[a] * sharedNorm[b];

    /// <summary>Cosine of two documents' vectors over the words some other document has too (normalized over those):
    /// 0 when they share no weighted word.</summary>
    public double Cosine(int a, int b)
    {
        int i = offsets[a], endA = offsets[a + 1], j = offsets[b], endB = offsets[b + 1];
        double dot = 0;
        while (i < endA && j < endB)
        {
            ulong x = terms[i], y = terms[j];
            if (x == y)
            {
                dot += weights[i++] * weights[j++];
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
    /// Pairs (A &lt; B) in which either is among the other's <paramref name="k"/> most similar with cosine at least
    /// <paramref name="minCosine"/>, by an inverted index: approximate, as search engines prune queries. A document
    /// searches with its <paramref name="searchTerms"/> heaviest words, and words in more than
    /// <paramref name="maxDocumentShare"/> of the documents (at least 50) are left out of the search, not of the
    /// cosine: they only add to pairs that share rarer words too. Cost: at most n × searchTerms × that cap postings,
    /// linear in documents.
    /// </summary>
    public IReadOnlyList<(int A, int B, double Cosine)> FindPairs(int k, double minCosine, double maxDocumentShare = 0.01, int searchTerms = 32, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int n = Count;
        int maxDf = Math.Max(50, (int)(maxDocumentShare * n));
        var postings = new Dictionary<ulong, List<int>>();
        for (int d = 0; d < n; d++)
        {
            for (int p = offsets[d]; p < offsets[d + 1]; p++)
            {
                if (documentFrequency[p] <= maxDf)
                {
                    if (!postings.TryGetValue(terms[p], out var list))
                    {
                        list = [];
                        postings.Add(terms[p], list);
                    }

                    list.Add(p);
                }
            }
        }

        var owner = new int[terms.Length];
        for (int d = 0; d < n; d++)
        {
            for (int p = offsets[d]; p < offsets[d + 1]; p++)
            {
                owner[p] = d;
            }
        }

        var best = new (int, double)[n][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, n, parallel, () => new Accumulator(n), (d, _, acc) =>
        {
            foreach (int p in HeaviestTerms(d, searchTerms))
            {
                if (postings.TryGetValue(terms[p], out var list))
                {
                    float w = weights[p];
                    foreach (int q in list)
                    {
                        int other = owner[q];
                        if (other != d)
                        {
                            if (acc.Scores[other] == 0)
                            {
                                acc.Touched.Add(other);
                            }

                            acc.Scores[other] += w * weights[q];
                        }
                    }
                }
            }

            // The partial scores rank; the kept ones are rescored exactly over all words.
            var ranked = new List<(int Other, float Score)>(acc.Touched.Count);
            foreach (int other in acc.Touched)
            {
                ranked.Add((other, acc.Scores[other]));
                acc.Scores[other] = 0;
            }

            acc.Touched.Clear();
            ranked.Sort(static (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Other.CompareTo(y.Other));
            var kept = new List<(int, double)>(Math.Min(k, ranked.Count));
            for (int r = 0; r < ranked.Count && kept.Count < k; r++)
            {
                double cosine = Cosine(d, ranked[r].Other);
                if (cosine >= minCosine)
                {
                    kept.Add((ranked[r].Other, cosine));
                }
            }

            best[d] = [.. kept];
            return acc;
        }, _ => { });

        var seen = new HashSet<(int, int)>();
        var pairs = new List<(int, int, double)>();
        for (int d = 0; d < n; d++)
        {
            foreach (var (other, cosine) in best[d])
            {
                var key = d < other ? (d, other) : (other, d);
                if (seen.Add(key))
                {
                    pairs.Add((key.Item1, key.Item2, cosine));
                }
            }
        }

        return pairs;
    }

    // Positions of the document's heaviest weighted words (all of them when it has few).
    private int[] HeaviestTerms(int d, int count)
    {
        int start = offsets[d], length = offsets[d + 1] - start;
        var positions = new int[length];
        for (int i = 0; i < length; i++)
        {
            positions[i] = start + i;
        }

        if (length <= count)
        {
            return positions;
        }

        Array.Sort(positions, (x, y) => weights[y].CompareTo(weights[x]));
        return positions[..count];
    }

    // Per-worker score accumulator: a dense array and the documents touched, reset after each query.
    private sealed class Accumulator(int documents)
    {
        public readonly float[] Scores = new float[documents];
        public readonly List<int> Touched = [];
    }
}
