using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NearDup.Candidates;

/// <summary>
/// MinHash locality-sensitive hashing (Leskovec, Rajaraman, Ullman, <i>Mining of Massive Datasets</i>, ch. 3):
/// the signature is cut into b bands of r rows; documents whose signatures agree on all rows of any band
/// collide. The API follows datasketch's <c>MinHashLSH(threshold, num_perm, weights)</c>, <c>insert</c>, <c>query</c>,
/// and b, r are chosen as datasketch chooses them.
/// </summary>
/// <remarks>
/// A pair of Jaccard similarity s collides with probability <c>1 - (1 - s^r)^b</c>: an S-curve around the
/// threshold, so results hold false positives and miss some true pairs. Insert is not thread-safe; queries may run
/// in parallel with each other but not with inserts.
/// </remarks>
internal sealed class MinHashLsh
{
    private readonly Dictionary<ulong, int>[] heads;
    private readonly HashSet<int> keys = [];
    private int[] postingKeys = new int[64];
    private int[] postingNext = new int[64];
    private int postingCount;

    /// <summary>An index tuned for <paramref name="threshold"/> with signatures of <paramref name="numPermutations"/> values.</summary>
    /// <param name="threshold">Jaccard threshold in [0, 1]. Default 0.9, as datasketch.</param>
    /// <param name="numPermutations">Signature length, at least 2. Default 128.</param>
    /// <param name="weights">Weights of false positives and false negatives in the choice of b and r, each in [0, 1], summing to 1. Default (0.5, 0.5).</param>
    public MinHashLsh(double threshold = 0.9, int numPermutations = 128, (double FalsePositive, double FalseNegative)? weights = null)
    {
        if (double.IsNaN(threshold) || threshold is < 0.0 or > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be in [0.0, 1.0].");
        }

        if (numPermutations < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numPermutations), numPermutations, "Too few permutation functions (numPermutations < 2).");
        }

        (double fp, double fn) = weights ?? (0.5, 0.5);
        if (fp is < 0.0 or > 1.0 || fn is < 0.0 or > 1.0 || double.IsNaN(fp) || double.IsNaN(fn))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), weights, "Each weight must be in [0.0, 1.0].");
        }

        if (Math.Abs(fp + fn - 1.0) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(weights), weights, "Weights must sum to 1.0.");
        }

        (int b, int r) = LshParameters.Optimal(threshold, numPermutations, fp, fn);
        if (b < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The number of bands is too small (b = {b} < 2) at this threshold.");
        }

        Threshold = threshold;
        NumPermutations = numPermutations;
        Bands = b;
        Rows = r;
        heads = new Dictionary<ulong, int>[b];
        for (int i = 0; i < b; i++)
        {
            heads[i] = [];
        }
    }

    /// <summary>An index with explicit bands and rows (<c>bands * rows &lt;= numPermutations</c>), as datasketch's <c>params</c>.</summary>
    public MinHashLsh(int bands, int rows, int numPermutations)
    {
        if (bands < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(bands), bands, "The number of bands must be at least 2.");
        }

        if (rows < 1 || (long)bands * rows > numPermutations)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"bands * rows = {(long)bands * rows} must be in [1, numPermutations = {numPermutations}].");
        }

        Threshold = Math.Pow(1.0 / bands, 1.0 / rows); // the S-curve's midpoint
        NumPermutations = numPermutations;
        Bands = bands;
        Rows = rows;
        heads = new Dictionary<ulong, int>[bands];
        for (int i = 0; i < bands; i++)
        {
            heads[i] = [];
        }
    }

    public double Threshold { get; }

    public int NumPermutations { get; }

    /// <summary>Number of bands b.</summary>
    public int Bands { get; }

    /// <summary>Rows per band r.</summary>
    public int Rows { get; }

    /// <summary>Number of keys inserted.</summary>
    public int Count => keys.Count;

    public bool Contains(int key) => keys.Contains(key);

    /// <summary>Indexes <paramref name="key"/> under the bands of <paramref name="signature"/>.</summary>
    /// <exception cref="ArgumentException">The key is already in the index, or the signature length is not <see cref="NumPermutations"/>.</exception>
    public void Insert(int key, ReadOnlySpan<uint> signature)
    {
        CheckSignature(signature);
        if (!keys.Add(key))
        {
            throw new ArgumentException($"The key {key} is already in the index.", nameof(key));
        }

        if (postingCount + Bands > postingKeys.Length)
        {
            int size = Math.Max(postingKeys.Length * 2, postingCount + Bands);
            Array.Resize(ref postingKeys, size);
            Array.Resize(ref postingNext, size);
        }

        for (int band = 0; band < Bands; band++)
        {
            ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(heads[band], BandHash(signature, band), out bool exists);
            postingKeys[postingCount] = key;
            postingNext[postingCount] = exists ? head : -1;
            head = postingCount++;
        }
    }

    /// <summary>Appends to <paramref name="results"/> the distinct keys that collide with <paramref name="signature"/> in at least one band, ascending.</summary>
    public void Query(ReadOnlySpan<uint> signature, List<int> results)
    {
        CheckSignature(signature);
        ArgumentNullException.ThrowIfNull(results);
        int start = results.Count;
        for (int band = 0; band < Bands; band++)
        {
            if (heads[band].TryGetValue(BandHash(signature, band), out int p))
            {
                for (; p >= 0; p = postingNext[p])
                {
                    results.Add(postingKeys[p]);
                }
            }
        }

        SortDistinct(results, start);
    }

    /// <summary>Every pair of keys sharing a bucket, each once, with <see cref="CandidateSource.MinHash"/>.</summary>
    internal void CollectPairs(PairTable pairs)
    {
        List<int> bucket = [];
        foreach (Dictionary<ulong, int> table in heads)
        {
            foreach (int head in table.Values)
            {
                if (postingNext[head] < 0)
                {
                    continue; // a bucket of one
                }

                bucket.Clear();
                for (int p = head; p >= 0; p = postingNext[p])
                {
                    bucket.Add(postingKeys[p]);
                }

                for (int i = 0; i < bucket.Count; i++)
                {
                    for (int j = i + 1; j < bucket.Count; j++)
                    {
                        pairs.Mark(bucket[i], bucket[j], CandidateSource.MinHash);
                    }
                }
            }
        }
    }

    internal static void SortDistinct(List<int> results, int start)
    {
        Span<int> span = CollectionsMarshal.AsSpan(results)[start..];
        if (span.Length < 2)
        {
            return;
        }

        span.Sort();
        int n = 1;
        for (int i = 1; i < span.Length; i++)
        {
            if (span[i] != span[n - 1])
            {
                span[n++] = span[i];
            }
        }

        results.RemoveRange(start + n, span.Length - n);
    }

    /// <summary>
    /// The key of one band: its <paramref name="rows"/> values hashed (XXH3) with the band number as seed, so equal
    /// rows in different bands differ. The one band hashing of the engine: this index and the scan's flat band
    /// index (<see cref="CandidateFinder"/>) both use it, so they collide on the same pairs.
    /// </summary>
    internal static ulong BandKey(ReadOnlySpan<uint> signature, int band, int rows) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(signature.Slice(band * rows, rows)), band);

    /// <summary>Writes the keys of bands 0..<c>keys.Length</c>-1 (see <see cref="BandKey"/>) into <paramref name="keys"/>.</summary>
    internal static void WriteBandKeys(ReadOnlySpan<uint> signature, int rows, Span<ulong> keys)
    {
        for (int band = 0; band < keys.Length; band++)
        {
            keys[band] = BandKey(signature, band, rows);
        }
    }

    private ulong BandHash(ReadOnlySpan<uint> signature, int band) => BandKey(signature, band, Rows);

    private void CheckSignature(ReadOnlySpan<uint> signature)
    {
        if (signature.Length != NumPermutations)
        {
            throw new ArgumentException($"The signature has {signature.Length} values; this index takes {NumPermutations}.", nameof(signature));
        }
    }
}
