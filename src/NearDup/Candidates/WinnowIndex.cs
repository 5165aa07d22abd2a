using System.Buffers;

namespace NearDup.Candidates;

/// <summary>
/// Inverted index from winnow fingerprint hashes to documents, for pairs that share passages: containment
/// (A mostly inside B) and partial reuse, which whole-document Jaccard misses.
/// </summary>
/// <remarks>
/// Postings are kept as two flat arrays sorted by hash (12 bytes each), so memory is linear in the number of
/// fingerprints. A fingerprint held by more than <see cref="MaxPostings"/> documents is treated as common text
/// (boilerplate, stock phrases): it proposes no pair and is left out of both documents' sizes, so a footer shared
/// by thousands of pages neither floods the pair count nor inflates containment. Adding is cheap (append); the
/// first query or pair collection after adds sorts the new postings and merges them in. Not thread-safe.
/// </remarks>
public sealed class WinnowIndex
{
    private ulong[] hashes = new ulong[1024];
    private int[] documents = new int[1024];
    private int[]? positions; // token position of each posting, when kept (passage clusters)
    private int count;
    private int sorted;
    private int[] sizes = new int[64];   // fingerprints per document, -1 when absent
    private int[] common = new int[64];  // of which are common (posting list over the cap)
    private bool dirty;

    private const int ParallelSortThreshold = 1 << 16;

    /// <summary>An empty index.</summary>
    /// <param name="maxPostings">Documents a fingerprint may be in before it counts as common. At least 2; default 100.</param>
    /// <param name="keepPositions">Also keep each fingerprint's token position (4 bytes a posting), for passage
    /// clusters; <see cref="Add(int, ReadOnlySpan{ulong}, ReadOnlySpan{int})"/> must then be given them.</param>
    public WinnowIndex(int maxPostings = 100, bool keepPositions = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPostings, 2);
        MaxPostings = maxPostings;
        sizes.AsSpan().Fill(-1);
        positions = keepPositions ? new int[hashes.Length] : null;
    }

    /// <summary>Whether token positions are kept with the postings.</summary>
    public bool KeepsPositions => positions is not null;

    /// <summary>Posting-list cap: fingerprints in more documents than this are ignored as common.</summary>
    public int MaxPostings { get; }

    /// <summary>Number of postings (document, fingerprint) held.</summary>
    public long PostingCount => count;

    /// <summary>Indexes the fingerprints (duplicates are ignored) of <paramref name="document"/>, a non-negative ordinal not yet added.</summary>
    public void Add(int document, ReadOnlySpan<ulong> fingerprints) => Add(document, fingerprints, default);

    /// <summary>
    /// Indexes the fingerprints of <paramref name="document"/> with their token positions (same order; of a repeated
    /// fingerprint the first position is kept). Positions are required when the index keeps them, ignored otherwise.
    /// </summary>
    public void Add(int document, ReadOnlySpan<ulong> fingerprints, ReadOnlySpan<int> tokenPositions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(document);
        if (positions is not null && tokenPositions.Length != fingerprints.Length)
        {
            throw new ArgumentException($"Document {document}: {fingerprints.Length} fingerprints but {tokenPositions.Length} positions.", nameof(tokenPositions));
        }

        if (document >= sizes.Length)
        {
            int old = sizes.Length;
            int size = Math.Max(old * 2, document + 1);
            Array.Resize(ref sizes, size);
            Array.Resize(ref common, size);
            sizes.AsSpan(old).Fill(-1);
        }

        if (sizes[document] >= 0)
        {
            throw new ArgumentException($"Document {document} is already in the winnow index.", nameof(document));
        }

        ulong[]? rented = null;
        int[]? rentedPositions = null;
        try
        {
            if (!IsStrictlyIncreasing(fingerprints))
            {
                rented = ArrayPool<ulong>.Shared.Rent(fingerprints.Length);
                fingerprints.CopyTo(rented);
                if (positions is null)
                {
                    int n = Fingerprint.Shingler.Distinct(rented.AsSpan(0, fingerprints.Length));
                    fingerprints = rented.AsSpan(0, n);
                }
                else
                {
                    rentedPositions = ArrayPool<int>.Shared.Rent(fingerprints.Length);
                    tokenPositions.CopyTo(rentedPositions);
                    int n = DistinctWithPositions(rented.AsSpan(0, fingerprints.Length), rentedPositions.AsSpan(0, fingerprints.Length));
                    fingerprints = rented.AsSpan(0, n);
                    tokenPositions = rentedPositions.AsSpan(0, n);
                }
            }

            if (count + fingerprints.Length > hashes.Length)
            {
                int size = Math.Max(hashes.Length * 2, count + fingerprints.Length);
                Array.Resize(ref hashes, size);
                Array.Resize(ref documents, size);
                if (positions is not null)
                {
                    Array.Resize(ref positions, size);
                }
            }

            fingerprints.CopyTo(hashes.AsSpan(count));
            documents.AsSpan(count, fingerprints.Length).Fill(document);
            if (positions is not null)
            {
                tokenPositions.CopyTo(positions.AsSpan(count));
            }

            count += fingerprints.Length;
            sizes[document] = fingerprints.Length;
            dirty = true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }

            if (rentedPositions is not null)
            {
                ArrayPool<int>.Shared.Return(rentedPositions);
            }
        }
    }

    // Sorts by hash, then position, and keeps the first (smallest) position of each hash.
    private static int DistinctWithPositions(Span<ulong> keys, Span<int> tokenPositions)
    {
        var pairs = new (ulong Hash, int Position)[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            pairs[i] = (keys[i], tokenPositions[i]);
        }

        Array.Sort(pairs);
        int n = 0;
        foreach (var (hash, position) in pairs)
        {
            if (n == 0 || keys[n - 1] != hash)
            {
                keys[n] = hash;
                tokenPositions[n++] = position;
            }
        }

        return n;
    }

    /// <summary>The postings sorted by hash: hashes, documents and (when kept) token positions, of equal length.</summary>
    internal (ReadOnlyMemory<ulong> Hashes, ReadOnlyMemory<int> Documents, ReadOnlyMemory<int> Positions) SortedPostings()
    {
        Refresh();
        return (hashes.AsMemory(0, count), documents.AsMemory(0, count), positions is null ? default : positions.AsMemory(0, count));
    }

    /// <summary>Fingerprints of <paramref name="document"/> that are not common, or -1 when it was never added.</summary>
    public int FingerprintCount(int document)
    {
        Refresh();
        return (uint)document < (uint)sizes.Length && sizes[document] >= 0 ? sizes[document] - common[document] : -1;
    }

    /// <summary>
    /// Adds to <paramref name="shared"/>, per indexed document, how many of <paramref name="fingerprints"/> (distinct)
    /// it holds, common fingerprints excluded; returns how many of <paramref name="fingerprints"/> are not common.
    /// </summary>
    public int Query(ReadOnlySpan<ulong> fingerprints, Dictionary<int, int> shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        Refresh();
        int kept = 0;
        ReadOnlySpan<ulong> keys = hashes.AsSpan(0, count);
        for (int i = 0; i < fingerprints.Length; i++)
        {
            ulong h = fingerprints[i];
            if (i > 0 && h == fingerprints[i - 1])
            {
                continue;
            }

            int lo = LowerBound(keys, h);
            int hi = lo;
            while (hi < keys.Length && keys[hi] == h)
            {
                hi++;
            }

            if (hi - lo >= MaxPostings)
            {
                continue; // common already, and more so with the query
            }

            kept++;
            for (int p = lo; p < hi; p++)
            {
                shared[documents[p]] = shared.GetValueOrDefault(documents[p]) + 1;
            }
        }

        return kept;
    }

    /// <summary>
    /// Counts, for every pair of documents, the fingerprints they share (common ones excluded), and records in
    /// <paramref name="pairs"/> those that share at least <paramref name="minShared"/> (or all of the smaller
    /// document's, when it has fewer).
    /// </summary>
    /// <remarks>
    /// Most co-occurrences are single stock phrases, so counting them in a hash table would hold tens of millions
    /// of one-count pairs. Instead each co-occurrence is written as a 64-bit pair key, the keys are sorted and
    /// runs counted; when there are more than <see cref="MaxKeysPerPass"/> keys, the work is split into passes by
    /// the smaller document's ordinal, so transient memory stays under 8 bytes × that bound.
    /// </remarks>
    internal void CountSharedPairs(PairTable pairs, int minShared, int maxKeysPerPass = MaxKeysPerPass) =>
        CountSharedPairs(pairs, minShared, null, maxKeysPerPass);

    /// <summary>
    /// As <see cref="CountSharedPairs(PairTable, int, int)"/>, but a pair that qualifies is recorded only when
    /// <paramref name="admit"/> (documents, shared count) says so: the caller keeps copy candidates in the table and
    /// bounds the rest, instead of materialising millions of partial overlaps.
    /// </summary>
    internal void CountSharedPairs(PairTable pairs, int minShared, Func<int, int, int, bool>? admit, int maxKeysPerPass = MaxKeysPerPass)
    {
        Refresh();
        long total = 0;
        for (int i = 0; i < count;)
        {
            int end = RunEnd(i);
            long p = end - i;
            if (p > 1 && p <= MaxPostings)
            {
                total += p * (p - 1) / 2;
            }

            i = end;
        }

        if (total == 0)
        {
            return;
        }

        int passes = (int)Math.Max(1, (total + maxKeysPerPass - 1) / maxKeysPerPass);
        ulong[] keys = ArrayPool<ulong>.Shared.Rent((int)Math.Min(total, (long)maxKeysPerPass * 2));
        try
        {
            for (int pass = 0; pass < passes; pass++)
            {
                int n = 0;
                for (int i = 0; i < count;)
                {
                    int end = RunEnd(i);
                    if (end - i > 1 && end - i <= MaxPostings)
                    {
                        for (int a = i; a < end; a++)
                        {
                            for (int b = a + 1; b < end; b++)
                            {
                                ulong key = PairTable.Key(documents[a], documents[b]);
                                if (passes == 1 || (int)((key >> 32) % (ulong)passes) == pass)
                                {
                                    if (n == keys.Length)
                                    {
                                        ulong[] grown = ArrayPool<ulong>.Shared.Rent(keys.Length * 2);
                                        keys.AsSpan(0, n).CopyTo(grown);
                                        ArrayPool<ulong>.Shared.Return(keys);
                                        keys = grown;
                                    }

                                    keys[n++] = key;
                                }
                            }
                        }
                    }

                    i = end;
                }

                SortKeys(keys, n);
                for (int i = 0; i < n;)
                {
                    int end = i + 1;
                    while (end < n && keys[end] == keys[i])
                    {
                        end++;
                    }

                    int shared = end - i;
                    (int da, int db) = PairTable.Split(keys[i]);
                    if ((shared >= minShared || shared >= Math.Min(FingerprintCount(da), FingerprintCount(db)))
                        && (admit is null || admit(da, db, shared)))
                    {
                        pairs.AddShared(da, db, shared);
                    }

                    i = end;
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>Marks every pair of documents that share a key (LSH band keys) with <paramref name="mark"/>.</summary>
    internal void CollectPairs(PairTable pairs, CandidateSource mark)
    {
        Refresh();
        for (int i = 0; i < count;)
        {
            int end = RunEnd(i);
            if (end - i > 1 && end - i <= MaxPostings)
            {
                for (int a = i; a < end; a++)
                {
                    for (int b = a + 1; b < end; b++)
                    {
                        pairs.Mark(documents[a], documents[b], mark);
                    }
                }
            }

            i = end;
        }
    }

    /// <summary>Bound on pair keys held at once while counting shared fingerprints (8 bytes each).</summary>
    internal const int MaxKeysPerPass = 1 << 24;

    private int RunEnd(int i)
    {
        int end = i + 1;
        while (end < count && hashes[end] == hashes[i])
        {
            end++;
        }

        return end;
    }

    // Sorts pair keys with an LSD radix sort over their significant bits only (ordinals are small, so a pair key
    // of N documents has about 2 log2 N bits): a few linear passes instead of n log n comparisons.
    internal static void SortKeys(ulong[] keys, int length)
    {
        if (length < 4096)
        {
            keys.AsSpan(0, length).Sort();
            return;
        }

        ulong max = 0;
        for (int i = 0; i < length; i++)
        {
            max |= keys[i];
        }

        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(max);
        const int Digit = 11;
        const int Buckets = 1 << Digit;
        ulong[] other = ArrayPool<ulong>.Shared.Rent(length);
        int[] counts = new int[Buckets];
        ulong[] from = keys, to = other;
        try
        {
            for (int shift = 0; shift < bits; shift += Digit)
            {
                Array.Clear(counts);
                for (int i = 0; i < length; i++)
                {
                    counts[(int)(from[i] >> shift) & (Buckets - 1)]++;
                }

                int sum = 0;
                for (int d = 0; d < Buckets; d++)
                {
                    int c = counts[d];
                    counts[d] = sum;
                    sum += c;
                }

                for (int i = 0; i < length; i++)
                {
                    ulong k = from[i];
                    to[counts[(int)(k >> shift) & (Buckets - 1)]++] = k;
                }

                (from, to) = (to, from);
            }

            if (!ReferenceEquals(from, keys))
            {
                from.AsSpan(0, length).CopyTo(keys);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(other);
        }
    }

    private void Refresh()
    {
        if (!dirty)
        {
            return;
        }

        // Sort what was appended since the last refresh (two halves in parallel when large), then merge it
        // with the sorted part.
        int pending = count - sorted;
        if (pending >= ParallelSortThreshold)
        {
            int mid = sorted + (pending / 2);
            Parallel.Invoke(() => SortRange(sorted, mid), () => SortRange(mid, count));
            Merge(sorted, mid, count);
        }
        else
        {
            SortRange(sorted, count);
        }

        if (sorted > 0 && sorted < count)
        {
            Merge(0, sorted, count);
        }

        sorted = count;
        common.AsSpan().Clear();
        int i = 0;
        while (i < count)
        {
            int end = i + 1;
            while (end < count && hashes[end] == hashes[i])
            {
                end++;
            }

            if (end - i > MaxPostings)
            {
                for (int p = i; p < end; p++)
                {
                    common[documents[p]]++;
                }
            }

            i = end;
        }

        dirty = false;
    }

    // Sorts [start, end) by hash; with positions, document and position travel together as one 64-bit item.
    private void SortRange(int start, int end)
    {
        if (positions is null)
        {
            hashes.AsSpan(start, end - start).Sort(documents.AsSpan(start, end - start));
            return;
        }

        ulong[] items = ArrayPool<ulong>.Shared.Rent(end - start);
        try
        {
            for (int i = start; i < end; i++)
            {
                items[i - start] = ((ulong)(uint)documents[i] << 32) | (uint)positions[i];
            }

            hashes.AsSpan(start, end - start).Sort(items.AsSpan(0, end - start));
            for (int i = start; i < end; i++)
            {
                documents[i] = (int)(items[i - start] >> 32);
                positions[i] = (int)(uint)items[i - start];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(items);
        }
    }

    // Merges the sorted runs [start, mid) and [mid, end) in place (through a buffer of their size).
    private void Merge(int start, int mid, int end)
    {
        var bufferHashes = new ulong[end - start];
        var bufferDocs = new int[end - start];
        int[]? bufferPositions = positions is null ? null : new int[end - start];
        int a = start, b = mid, o = 0;
        while (a < mid || b < end)
        {
            int from = b >= end || (a < mid && hashes[a] <= hashes[b]) ? a++ : b++;
            bufferHashes[o] = hashes[from];
            bufferDocs[o] = documents[from];
            if (bufferPositions is not null)
            {
                bufferPositions[o] = positions![from];
            }

            o++;
        }

        bufferHashes.CopyTo(hashes, start);
        bufferDocs.CopyTo(documents, start);
        bufferPositions?.CopyTo(positions!, start);
    }

    private static int LowerBound(ReadOnlySpan<ulong> keys, ulong h)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (keys[mid] < h)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static bool IsStrictlyIncreasing(ReadOnlySpan<ulong> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] <= values[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
