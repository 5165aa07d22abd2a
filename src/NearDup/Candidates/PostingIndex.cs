using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NearDup.Threading;

namespace NearDup.Candidates;

/// <summary>
/// Inverted index from 64-bit keys to documents. Keyed by winnow fingerprint hashes it finds pairs that share
/// passages: containment (A mostly inside B) and partial reuse, which whole-document Jaccard misses. Keyed by MinHash
/// LSH band keys it is the scan's band index (<see cref="CandidateFinder"/>).
/// </summary>
/// <remarks>
/// Postings are kept as two flat arrays sorted by hash (12 bytes each), so memory is linear in the number of
/// fingerprints. A fingerprint held by more than <see cref="MaxPostings"/> documents is treated as common text
/// (boilerplate, stock phrases): it proposes no pair and is left out of both documents' sizes, so a footer shared
/// by thousands of pages neither floods the pair count nor inflates containment. Adding is cheap (append); the
/// first query or pair collection after adds sorts the new postings and merges them in. Not thread-safe.
/// </remarks>
internal sealed class PostingIndex
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
    public PostingIndex(int maxPostings = 100, bool keepPositions = false)
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

            // Grown by doubling. Tried: appending into blocks under the large-object threshold and making these arrays
            // once, at their size: fewer full collections on 20,000 documents, but on 100,000 the blocks, promoted to
            // the oldest generation, and the arrays made from them were alive at once (+200-300 MB peak, +2 s).
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

    /// <summary>
    /// Makes room for <paramref name="postings"/> postings in all (when that is more than the room there is), so that
    /// adding up to them neither copies the arrays again nor allocates the doubled ones, which on 100,000 documents cost
    /// the adding thread ~0.6 CPU-s (the full collections they set off and the kernel clearing their fresh pages). The
    /// new arrays are not cleared: the room beyond what is added is never touched, so it costs address space, not memory.
    /// </summary>
    public void Reserve(long postings)
    {
        if (postings <= hashes.Length)
        {
            return;
        }

        int size = (int)Math.Min(postings, Array.MaxLength);
        hashes = Grown(hashes, size, count);
        documents = Grown(documents, size, count);
        if (positions is not null)
        {
            positions = Grown(positions, size, count);
        }

        static T[] Grown<T>(T[] array, int size, int used)
        {
            var grown = GC.AllocateUninitializedArray<T>(size);
            array.AsSpan(0, used).CopyTo(grown);
            return grown;
        }
    }

    /// <summary>
    /// Lets go of every posting outside a run that proposes pairs (2 to <see cref="MaxPostings"/> documents), in new
    /// arrays of the kept postings' size, for a scan: its readers after this (pair counting, passage clusters) read
    /// only those runs. The documents' fingerprint counts stay as they were; <see cref="Query"/> and adding afterwards
    /// would miss the postings dropped, so neither may follow. On synthetic news most fingerprints are a single
    /// document's: pair counting walks only the rest, and the index, the largest array while the grouper builds its
    /// own, shrinks to it.
    /// </summary>
    internal void KeepPairingRuns()
    {
        if (dirty && sorted == 0 && count >= ParallelSortThreshold)
        {
            // Sorted for the first time: each bucket of the sort keeps its pairing runs at its front as it orders
            // them, and only those are copied out (no pass of their own over every posting to find them).
            common.AsSpan().Clear();
            var buckets = new (int Start, int Kept)[SortBuckets];
            SortAndOrderRuns(buckets);
            var at = new int[buckets.Length + 1];
            for (int b = 0; b < buckets.Length; b++)
            {
                at[b + 1] = at[b] + buckets[b].Kept;
            }

            Compact(at[^1], (b, copy) => copy(buckets[b].Start, buckets[b].Kept, at[b]), buckets.Length);
            dirty = false;
            return;
        }

        Refresh();
        var slices = RunSlices(new ParallelOptions());
        var kept = new int[slices.Length];
        Parallel.For(0, slices.Length - 1, s =>
        {
            int n = 0;
            for (int i = slices[s], end; i < slices[s + 1]; i = end)
            {
                end = RunEnd(i);
                n += IsPairing(end - i) ? end - i : 0;
            }

            kept[s + 1] = n;
        });
        for (int s = 1; s < kept.Length; s++)
        {
            kept[s] += kept[s - 1];
        }

        Compact(kept[^1], (s, copy) =>
        {
            int at = kept[s];
            for (int i = slices[s], end; i < slices[s + 1]; i = end)
            {
                end = RunEnd(i);
                if (IsPairing(end - i))
                {
                    copy(i, end - i, at);
                    at += end - i;
                }
            }
        }, slices.Length - 1);
    }

    // Copies the postings each part names (from, postings, to) into new arrays of <paramref name="total"/>, the parts
    // in parallel, and keeps only those.
    private void Compact(int total, Action<int, Action<int, int, int>> part, int parts)
    {
        var keptHashes = GC.AllocateUninitializedArray<ulong>(Math.Max(total, 1));
        var keptDocuments = GC.AllocateUninitializedArray<int>(keptHashes.Length);
        int[]? keptPositions = positions is null ? null : GC.AllocateUninitializedArray<int>(keptHashes.Length);
        void Copy(int from, int length, int to)
        {
            hashes.AsSpan(from, length).CopyTo(keptHashes.AsSpan(to));
            documents.AsSpan(from, length).CopyTo(keptDocuments.AsSpan(to));
            positions?.AsSpan(from, length).CopyTo(keptPositions.AsSpan(to));
        }

        Parallel.For(0, parts, p => part(p, Copy));
        (hashes, documents, positions, count, sorted) = (keptHashes, keptDocuments, keptPositions, total, total);
    }

    private bool IsPairing(int holders) => holders > 1 && holders <= MaxPostings;

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
    /// document's, when it has fewer) and that <paramref name="admit"/> (documents, shared count), when given, accepts.
    /// <paramref name="admit"/> may run on several threads at once and must not depend on the order of its calls.
    /// </summary>
    internal void CountSharedPairs(PairTable pairs, int minShared, Func<int, int, int, bool>? admit = null, int maxDegreeOfParallelism = -1) =>
        CountSharedPairs<bool>(
            pairs,
            minShared,
            (a, others, shared, verdicts) =>
            {
                if (admit is null)
                {
                    verdicts.Fill(true);
                    return others.Length;
                }

                int kept = 0;
                for (int i = 0; i < others.Length; i++)
                {
                    if (admit(a, others[i], shared[i]))
                    {
                        (others[kept], shared[kept], verdicts[kept]) = (others[i], shared[i], true);
                        kept++;
                    }
                }

                return kept;
            },
            static (_, _, _, keep) => keep,
            maxDegreeOfParallelism);

    /// <summary>
    /// Judges the pairs of document <paramref name="a"/> with each of <paramref name="others"/> (which share
    /// <paramref name="shared"/> fingerprints with it), writing one verdict a pair: all of a document's pairs at once,
    /// so the judge can fetch what it reads for the next pairs while it computes this one. A pair whose verdict the
    /// admitter would ignore may be dropped: the judge moves the pairs it keeps, in their order, to the front of the
    /// three spans and returns how many it kept (on reuse-dense news most pairs are turned away here, and are then
    /// neither held nor handed to the admitter).
    /// </summary>
    internal delegate int PairJudge<TVerdict>(int a, Span<int> others, Span<int> shared, Span<TVerdict> verdicts);

    /// <summary>
    /// As <see cref="CountSharedPairs(PairTable, int, Func{int, int, int, bool}?, int)"/>, in two steps per pair over
    /// the bound: <paramref name="judge"/> (a document and its partners with their shared counts) runs in parallel and must be thread-safe and
    /// order-free (the expensive part: estimates); <paramref name="admit"/> (documents, shared count, verdict) then
    /// runs on one thread at a time (while judge goes on for later documents), in order of the smaller document's ordinal, so the caller may
    /// bound what it keeps, and says whether the pair enters <paramref name="pairs"/>.
    /// </summary>
    /// <remarks>
    /// Most co-occurrences are single stock phrases, so pairs are never listed globally: each document counts its
    /// partners of higher ordinal in a dense counter (one per thread), and only the pairs over the bound are kept.
    /// Memory is linear in postings and documents (plus the pairs judged and not yet admitted); time in co-occurrences.
    /// </remarks>
    internal void CountSharedPairs<TVerdict>(PairTable pairs, int minShared, PairJudge<TVerdict> judge, Func<int, int, int, TVerdict, bool> admit, int maxDegreeOfParallelism = -1)
    {
        Refresh();
        int documentCount = sizes.Length;

        // Runs of equal hashes held by 2 to MaxPostings documents propose pairs. Runs of at least MinMergedRun held by
        // the very same documents (the fingerprints of one sentence shared by many documents) are counted once, with
        // their number as weight: the counts are the same, and the first such run, the one kept, is where each pair is
        // first met, so partners are found in the same order. A smaller run costs fewer counts than its lookup. Runs are
        // found and merged in slices of the postings in parallel; only a slice's first run of each set is then looked up
        // among the earlier slices' (serial), and the kept runs are copied out in parallel.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var slices = RunSlices(parallel);
        var found = new SliceRuns[slices.Length - 1];
        Parallel.For(0, found.Length, parallel, s => found[s] = FindRuns(slices[s], slices[s + 1]));
        var firsts = new Dictionary<ulong, (int Slice, int Run)>();
        for (int s = 0; s < found.Length; s++)
        {
            var tails = CollectionsMarshal.AsSpan(found[s].Tails);
            foreach (var (run, set) in found[s].Long)
            {
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firsts, set, out bool seen);
                if (!seen)
                {
                    first = (s, run); // a signature shared by another set keeps pointing at the first
                }
                else if (SameDocuments(found[s].Starts[run], tails[run].End, found[first.Slice].Starts[first.Run], found[first.Slice].Tails[first.Run].End))
                {
                    CollectionsMarshal.AsSpan(found[first.Slice].Tails)[first.Run].Weight += tails[run].Weight;
                    tails[run].Weight = 0; // merged: dropped below
                }
            }
        }

        var keptBefore = new int[found.Length + 1];
        for (int s = 0; s < found.Length; s++)
        {
            int kept = 0;
            foreach (var tail in CollectionsMarshal.AsSpan(found[s].Tails))
            {
                kept += tail.Weight > 0 ? 1 : 0;
            }

            keptBefore[s + 1] = keptBefore[s] + kept;
        }

        var runStarts = new int[keptBefore[^1]];
        var runTails = new RunTail[runStarts.Length];
        Parallel.For(0, found.Length, parallel, s =>
        {
            int at = keptBefore[s];
            var tails = CollectionsMarshal.AsSpan(found[s].Tails);
            for (int k = 0; k < tails.Length; k++)
            {
                if (tails[k].Weight > 0)
                {
                    (runStarts[at], runTails[at]) = (found[s].Starts[k], tails[k]);
                    at++;
                }
            }
        });
        found = null!;

        // The kept runs' postings grouped by document (a counting sort), each with its run's weight: each slice of the
        // runs counts and places its own postings, after the earlier slices' postings of the same document, so each
        // document's entries stay in posting order, as the pairs are first met. A run's last posting is left out: its
        // document has no partner of higher ordinal there (runs are in document order), and on synthetic news most runs
        // are copy pairs, so that was half the entries.
        int groups = Math.Min(slices.Length - 1, Math.Max(1, runStarts.Length / MinRunsPerSlice));
        var runSlices = new int[groups + 1];
        for (int g = 0; g <= groups; g++)
        {
            runSlices[g] = (int)((long)runStarts.Length * g / groups);
        }

        var counts = new int[groups][];
        Parallel.For(0, groups, parallel, g =>
        {
            var n = counts[g] = new int[documentCount];
            for (int r = runSlices[g]; r < runSlices[g + 1]; r++)
            {
                foreach (int d in documents.AsSpan(runStarts[r], runTails[r].End - 1 - runStarts[r]))
                {
                    n[d]++;
                }
            }
        });
        var offsets = new int[documentCount + 1];
        for (int d = 0; d < documentCount; d++)
        {
            int next = offsets[d];
            foreach (var n in counts)
            {
                (n[d], next) = (next, next + n[d]); // the count becomes the slice's first slot for d
            }

            offsets[d + 1] = next;
        }

        // Every slot is written below: uninitialized, their pages are first touched by the parallel fill, not cleared
        // on this thread beforehand.
        var byDocument = GC.AllocateUninitializedArray<PostingRun>(offsets[documentCount]);
        Parallel.For(0, groups, parallel, g =>
        {
            var fill = counts[g];
            for (int r = runSlices[g]; r < runSlices[g + 1]; r++)
            {
                var (end, weight) = runTails[r];
                for (int p = runStarts[r]; p < end - 1; p++)
                {
                    byDocument[fill[documents[p]]++] = new PostingRun(p, end, weight);
                }
            }
        });
        counts = null!;

        // Workers take batches of documents in order and judge their pairs; one admitter follows them batch by batch,
        // in order, while they go on: no barrier between counting and admitting, and only the batches in between are
        // held. The table is written after both (judge may read it). The admitter mostly waits: it does so on a thread of
        // its own, not on one of the pool's few threads, which the workers need (dense 20k, quiet, with it on the pool:
        // the counting's last 0.35 s ran on one worker).
        int batches = (documentCount + AdmitBatch - 1) / AdmitBatch;
        var partners = new Partnership<TVerdict>[documentCount];
        var ready = new bool[batches];
        bool stopped = false;
        var gate = new object();
        var admitted = new List<(int A, int B, int Shared)>();
        var admitter = Task.Factory.StartNew(() =>
        {
            for (int batch = 0; batch < batches; batch++)
            {
                lock (gate)
                {
                    while (!ready[batch] && !stopped)
                    {
                        Monitor.Wait(gate);
                    }

                    if (!ready[batch])
                    {
                        return;
                    }
                }

                for (int a = batch * AdmitBatch; a < Math.Min(documentCount, (batch + 1) * AdmitBatch); a++)
                {
                    var partnership = partners[a];
                    for (int k = 0; k < partnership.Others.Length; k++)
                    {
                        if (admit(a, partnership.Others[k], partnership.Shared[k], partnership.Verdicts[k]))
                        {
                            admitted.Add((a, partnership.Others[k], partnership.Shared[k]));
                        }
                    }

                    partners[a] = null!;
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            var counters = new WorkerStates<PartnerCounter<TVerdict>>(() => new PartnerCounter<TVerdict>(documentCount));
            counters.ForEach(Partitioner.Create(0, batches, 1), parallel, (range, counter) =>
            {
                for (int batch = range.Item1; batch < range.Item2; batch++)
                {
                    for (int a = batch * AdmitBatch; a < Math.Min(documentCount, (batch + 1) * AdmitBatch); a++)
                    {
                        partners[a] = Partners(a, counter, byDocument.AsSpan(offsets[a], offsets[a + 1] - offsets[a]), minShared, judge);
                    }

                    lock (gate)
                    {
                        ready[batch] = true;
                        Monitor.PulseAll(gate);
                    }
                }
            });
        }
        finally
        {
            lock (gate)
            {
                stopped = true;
                Monitor.PulseAll(gate);
            }

            admitter.GetAwaiter().GetResult();
        }

        foreach ((int a, int b, int shared) in admitted)
        {
            pairs.AddShared(a, b, shared);
        }
    }

    // Slices of the sorted postings, cut at run boundaries, a few a worker (one each left a core idle when the other
    // started late): where runs are looked for in parallel.
    private int[] RunSlices(ParallelOptions parallel)
    {
        int workers = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int n = Math.Clamp(Math.Min(workers * SlicesPerWorker, count / MinPostingsPerSlice), 1, MaxSlices);
        var bounds = new int[n + 1];
        for (int s = 1; s < n; s++)
        {
            int b = Math.Max(bounds[s - 1], (int)((long)count * s / n));
            while (b > bounds[s - 1] && b < count && hashes[b] == hashes[b - 1])
            {
                b++; // to the end of the run it fell in
            }

            bounds[s] = b;
        }

        bounds[n] = count;
        return bounds;
    }

    // The runs in [start, end) that propose pairs (2 to MaxPostings documents), those of the same documents merged
    // into the slice's first (see CountSharedPairs), with the slice's first run of each set that may be merged.
    private SliceRuns FindRuns(int start, int end)
    {
        var runs = new SliceRuns();
        var firsts = new Dictionary<ulong, int>();
        for (int i = start, runEnd; i < end; i = runEnd)
        {
            runEnd = RunEnd(i);
            int length = runEnd - i;
            if (!IsPairing(length))
            {
                continue;
            }

            if (length >= MinMergedRun)
            {
                ulong set = DocumentSetSignature(documents.AsSpan(i, length));
                ref int first = ref CollectionsMarshal.GetValueRefOrAddDefault(firsts, set, out bool seen);
                if (seen && SameDocuments(i, runEnd, runs.Starts[first], runs.Tails[first].End))
                {
                    CollectionsMarshal.AsSpan(runs.Tails)[first].Weight++;
                    continue;
                }

                if (!seen)
                {
                    first = runs.Starts.Count;
                    runs.Long.Add((first, set));
                }
            }

            runs.Starts.Add(i);
            runs.Tails.Add(new RunTail { End = runEnd, Weight = 1 });
        }

        return runs;
    }

    private bool SameDocuments(int start, int end, int otherStart, int otherEnd) =>
        documents.AsSpan(start, end - start).SequenceEqual(documents.AsSpan(otherStart, otherEnd - otherStart));

    // One slice's runs that propose pairs (start, end and weight), and its first run of each set that may be merged
    // with an earlier slice's (the run's index and the set's signature).
    private sealed class SliceRuns
    {
        public readonly List<int> Starts = [];
        public readonly List<RunTail> Tails = [];
        public readonly List<(int Run, ulong Set)> Long = [];
    }

    // Parallel run finding and grouping pay off only above these sizes; the counts per slice are a document array each.
    private const int MinPostingsPerSlice = 1 << 16;
    private const int MinRunsPerSlice = 1 << 14;
    private const int MaxSlices = 16;
    private const int SlicesPerWorker = 4;

    // The partners of higher ordinal that document a shares enough fingerprints with, each judged.
    private Partnership<TVerdict> Partners<TVerdict>(int a, PartnerCounter<TVerdict> counter, ReadOnlySpan<PostingRun> runs, int minShared, PairJudge<TVerdict> judge)
    {
        int[] counts = counter.Shared;
        for (int k = 0; k < runs.Length; k++)
        {
            // Each run's partners lie elsewhere in the postings (a cache miss a run on synthetic news): asked for a few
            // runs ahead.
            if (k + PartnerPrefetchDistance < runs.Length)
            {
                PrefetchDocuments(runs[k + PartnerPrefetchDistance].Posting + 1);
            }

            // Runs are in document order, so the partners of higher ordinal are the rest of the run (read up to its
            // known end rather than by comparing hashes: half the bytes a partner on reuse-dense input).
            var (p, end, weight) = runs[k];
            foreach (int b in documents.AsSpan(p + 1, end - p - 1))
            {
                int before = counts[b];
                counts[b] = before + weight;
                if (before == 0)
                {
                    counter.Touched.Add(b);
                }
            }
        }

        var touched = CollectionsMarshal.AsSpan(counter.Touched);
        int sizeA = sizes[a] - common[a]; // refreshed: the fingerprint counts FingerprintCount gives
        var (others, sharedCounts, verdicts) = counter.Room(touched.Length);
        int kept = 0;
        foreach (int b in touched)
        {
            int shared = counts[b];
            counts[b] = 0;
            if (IsKept(sizeA, b, shared, minShared))
            {
                others[kept] = b;
                sharedCounts[kept++] = shared;
            }
        }

        counter.Touched.Clear();
        kept = kept > 0 ? judge(a, others.AsSpan(0, kept), sharedCounts.AsSpan(0, kept), verdicts.AsSpan(0, kept)) : 0;
        return kept == 0
            ? Partnership<TVerdict>.None
            : new Partnership<TVerdict>(others[..kept], sharedCounts[..kept], verdicts[..kept]);
    }

    // Documents a run needs before runs of the same documents are merged: 4 make 6 counts, about one lookup of a large
    // table (synthetic 100k: most runs are copy pairs, and hashing them all cost what merging saved).
    private const int MinMergedRun = 4;

    // Runs ahead of the one counted whose partners are fetched: about a memory latency of counting.
    private const int PartnerPrefetchDistance = 8;

    // Asks for the postings' documents from <paramref name="posting"/> on to be brought into cache (a hint only).
    private unsafe void PrefetchDocuments(int posting)
    {
        if (Sse.IsSupported && posting < count)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref documents[posting]));
        }
    }

    // A posting of a kept run with the run's end and weight, grouped by document: what Partners reads for it, side by
    // side (the run's end and weight read from a list of runs were a second cache miss a posting).
    private readonly record struct PostingRun(int Posting, int End, int Weight);

    // Where a kept run ends and how many runs of the same documents it stands for.
    private struct RunTail
    {
        public int End;
        public int Weight;

        public readonly void Deconstruct(out int end, out int weight) => (end, weight) = (End, Weight);
    }

    // One document's partners of higher ordinal that the judge kept (in the order they were found), their shared
    // counts and verdicts.
    private sealed record Partnership<TVerdict>(int[] Others, int[] Shared, TVerdict[] Verdicts)
    {
        public static readonly Partnership<TVerdict> None = new([], [], []);
    }

    private bool IsKept(int sizeA, int b, int shared, int minShared) =>
        shared >= minShared || shared >= Math.Min(sizeA, sizes[b] - common[b]);

    // Documents a worker takes at a time; the admitter follows batch by batch. At 64 the workers and the admitter met
    // on its lock ten times as often (syn 20k: 226 contentions against 23).
    private const int AdmitBatch = 256;

    // One thread's counts of shared fingerprints per partner, the partners touched (to reset them cheaply), and room for
    // one document's partners while they are judged (only those kept are copied out).
    private sealed class PartnerCounter<TVerdict>(int documents)
    {
        public readonly int[] Shared = new int[documents];
        public readonly List<int> Touched = [];
        private int[] others = [];
        private int[] shared = [];
        private TVerdict[] verdicts = [];

        public (int[] Others, int[] Shared, TVerdict[] Verdicts) Room(int partners)
        {
            if (others.Length < partners)
            {
                int size = Math.Max(partners, others.Length * 2);
                (others, shared, verdicts) = (new int[size], new int[size], new TVerdict[size]);
            }

            return (others, shared, verdicts);
        }
    }

    /// <summary>Marks every pair of documents that share a key (LSH band keys) with <paramref name="mark"/>.</summary>
    internal void CollectPairs(PairTable pairs, CandidateSource mark)
    {
        Refresh();
        for (int i = 0; i < count;)
        {
            int end = RunEnd(i);
            if (IsPairing(end - i))
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

    /// <summary>
    /// An order-free 64-bit signature of a set of documents (their count plus a mix of each ordinal): equal sets have
    /// equal signatures; unequal ones almost never do (callers compare the sets when it matters).
    /// </summary>
    internal static ulong DocumentSetSignature(ReadOnlySpan<int> documents)
    {
        ulong signature = (ulong)documents.Length;
        foreach (int d in documents)
        {
            signature += Mix((ulong)d); // a sum: the order of the documents does not matter
        }

        return signature;
    }

    // SplitMix64's finalizer: spreads a document ordinal over 64 bits.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private int RunEnd(int i)
    {
        int end = i + 1;
        while (end < count && hashes[end] == hashes[i])
        {
            end++;
        }

        return end;
    }

    private void Refresh()
    {
        if (!dirty)
        {
            return;
        }

        common.AsSpan().Clear();
        if (sorted == 0)
        {
            SortAndOrderRuns();
        }
        else
        {
            // Added to after a read (not the scan's case): the new postings sorted, merged in, and every run ordered again.
            SortRange(sorted, count, null);
            if (sorted < count)
            {
                Merge(0, sorted, count);
            }

            OrderRuns(0, count);
        }

        sorted = count;
        dirty = false;
    }

    // Sorts all postings by hash and orders each run. Large: split by the hash's top bit, each half cut in place into
    // buckets by its next RadixBits bits (hashes are uniform), and the buckets sorted and their runs ordered in
    // parallel: a run never crosses a bucket, and a bucket's postings fit in a core's cache (the whole-array sort
    // with a document and position item per posting was 1.2 s of synthetic 100k's 15.6 M postings).
    // With <paramref name="keptByBucket"/>, each bucket's pairing runs are also moved to its front (see
    // KeepPairingRuns) and the bucket's (start, postings kept) written there; the large sort only.
    private void SortAndOrderRuns((int Start, int Kept)[]? keptByBucket = null)
    {
        if (count < ParallelSortThreshold)
        {
            SortRange(0, count, null);
            OrderRuns(0, count);
            return;
        }

        int mid = PartitionByTopBit(0, count);
        var bounds = new int[SortBuckets + 1];
        Parallel.Invoke(
            () => PartitionByRadix(0, mid, 63 - RadixBits, bounds.AsSpan(0, RadixBuckets + 1)),
            () => PartitionByRadix(mid, count, 63 - RadixBits, bounds.AsSpan(RadixBuckets, RadixBuckets + 1)));
        var scratch = new WorkerStates<SortScratch>(() => new SortScratch());
        scratch.For(0, SortBuckets, new ParallelOptions(), (bucket, buffer) =>
        {
            (int start, int end) = (bounds[bucket], bounds[bucket + 1]);
            if (positions is not null && (buffer.Value?.Length ?? 0) < end - start)
            {
                buffer.Value = new ulong[Math.Max(end - start, count / RadixBuckets)]; // twice a bucket's mean
            }

            Span<int> fine = stackalloc int[RadixBuckets + 1];
            int ranges = FineRanges(start, end, fine);
            if (keptByBucket is null)
            {
                for (int r = 0; r < ranges; r++)
                {
                    SortRange(fine[r], fine[r + 1], buffer.Value);
                }

                OrderRuns(start, end);
                return;
            }

            // Each fine range's pairing runs moved to the bucket's front as they are found; a range's postings whose
            // hash no other posting there can share are dropped unsorted (on synthetic news, most of them).
            Span<byte> seen = stackalloc byte[SingletonSlots];
            seen.Clear();
            int kept = start;
            for (int r = 0; r < ranges; r++)
            {
                int shared = DropSingletons(fine[r], fine[r + 1], seen, buffer.Value);
                if (buffer.Value is null)
                {
                    SortRange(fine[r], shared, null);
                }
                else
                {
                    SortItemsByPlacing(fine[r], shared, buffer);
                }

                kept = OrderRuns(fine[r], shared, kept, ordered: buffer.Value is not null);
            }

            keptByBucket[bucket] = (start, kept - start);
        });
    }

    // Cuts a bucket [start, end) into the ranges it is sorted in and returns how many (their bounds in
    // <paramref name="bounds"/>, RadixBuckets + 1 long): a large one once more by the next bits, so that the comparison
    // sorts work on a hundred postings or so.
    private int FineRanges(int start, int end, Span<int> bounds)
    {
        if (end - start < MinRadixBucket)
        {
            (bounds[0], bounds[1]) = (start, end);
            return 1;
        }

        PartitionByRadix(start, end, 63 - (2 * RadixBits), bounds);
        return RadixBuckets;
    }

    // Slots of the filter before the fine sort (by the hash's low bits: with ~100 postings in a fine range, ~98% of
    // one document's hashes have a slot of their own).
    private const int SingletonSlots = 1 << 12;

    // Moves to the front of [start, end) every posting whose hash another posting of the range may share (no slot of
    // its own by the hash's low bits) and returns where they end; the others hold a hash no other posting holds (a run
    // never crosses a fine range), neither pairing nor common, and are left behind unsorted. With positions kept, the
    // front's documents and positions go to <paramref name="items"/> as the sort takes them (see SortRange).
    // <paramref name="seen"/> is all zero on entry and on return. Branch-free: whether a posting stays is a coin toss.
    private int DropSingletons(int start, int end, Span<byte> seen, ulong[]? items)
    {
        for (int i = start; i < end; i++)
        {
            ref byte slot = ref seen[(int)hashes[i] & (SingletonSlots - 1)];
            slot = (byte)(slot + 1 - (slot >> 1)); // 0, 1, then 2 for every posting more
        }

        int shared = start;
        for (int i = start; i < end; i++)
        {
            ulong hash = hashes[i];
            ref byte slot = ref seen[(int)hash & (SingletonSlots - 1)];
            int keep = slot >> 1;
            slot &= (byte)-keep; // a hash of its own: its slot cleared now, as the posting may be written over
            hashes[shared] = hash;
            if (items is not null)
            {
                items[shared - start] = Item(documents[i], positions![i]);
            }
            else
            {
                documents[shared] = documents[i];
            }

            shared += keep;
        }

        for (int i = start; i < shared; i++)
        {
            seen[(int)hashes[i] & (SingletonSlots - 1)] = 0;
        }

        return shared;
    }

    // Buckets of the large sort (both halves).
    private const int SortBuckets = 2 * RadixBuckets;

    // Buckets per half of the hash space in the large sort (8 bits below the top one), and the postings a bucket needs
    // to be cut once more by the next 8.
    private const int RadixBits = 8;
    private const int RadixBuckets = 1 << RadixBits;
    private const int MinRadixBucket = 4096;

    // Moves the postings of [start, end) into buckets by the RadixBits hash bits from <paramref name="shift"/> up, in
    // place (American flag sort: each posting is swapped straight to its bucket's next free slot); writes the
    // buckets' bounds (RadixBuckets + 1 of them). Cycles of swaps run interleaved: one cycle is a chain of dependent
    // reads (a slot's posting says where the next swap goes), so alone it waits on each read; several chains keep
    // several reads in flight. The postings' order within a bucket differs from one cycle's, which the sort after
    // does not see (it orders each run by document and position).
    private void PartitionByRadix(int start, int end, int shift, Span<int> bounds)
    {
        Span<int> next = stackalloc int[RadixBuckets];
        next.Clear();
        var keys = hashes;
        for (int i = start; i < end; i++)
        {
            next[(int)(keys[i] >> shift) & (RadixBuckets - 1)]++;
        }

        bounds[0] = start;
        for (int b = 0; b < RadixBuckets; b++)
        {
            bounds[b + 1] = bounds[b] + next[b];
            next[b] = bounds[b];
        }

        var cut = new RadixCut(keys, documents, positions, shift);
        int scan = 0, running = 0;
        Span<SwapCycle> cycles = stackalloc SwapCycle[SwapCycles];
        foreach (ref var c in cycles)
        {
            running += cut.Start(ref c, ref scan, next, bounds) ? 1 : 0;
        }

        while (running > 0)
        {
            foreach (ref var c in cycles)
            {
                if (c.Bucket >= 0 && !cut.Step(ref c, cycles, next, bounds) && !cut.Start(ref c, ref scan, next, bounds))
                {
                    running--;
                }
            }
        }
    }

    // Cycles of swaps a radix cut runs interleaved.
    private const int SwapCycles = 8;

    // A cycle of swaps in flight: the posting carried, and the claimed slot (hole) it started from, in Bucket (-1 for
    // none: the cycle has ended and no slot is left to start another from).
    private struct SwapCycle
    {
        public ulong Hash;
        public int Document;
        public int Position;
        public int Hole;
        public int Bucket;
    }

    // The arrays one radix cut moves postings in. Every slot is claimed once (next[bucket]++), for a posting of its
    // bucket; what it held is carried on. A cycle ends when it carries a posting of its hole's bucket; when the
    // bucket of the posting carried has no slot left unclaimed, a hole left in it is another cycle's (a bucket
    // has as many slots as postings), whose cycle then takes over this cycle's hole.
    private readonly ref struct RadixCut(ulong[] hashes, int[] documents, int[]? positions, int shift)
    {
        private readonly ulong[] hashes = hashes;
        private readonly int[] documents = documents;
        private readonly int[]? positions = positions;
        private readonly int shift = shift;

        // Starts a cycle at the first unclaimed slot from bucket scan on; false when every slot is claimed.
        public bool Start(ref SwapCycle c, ref int scan, Span<int> next, Span<int> bounds)
        {
            while (scan < RadixBuckets && next[scan] >= bounds[scan + 1])
            {
                scan++;
            }

            if (scan == RadixBuckets)
            {
                c.Bucket = -1;
                return false;
            }

            int i = next[scan]++;
            c.Hole = i;
            c.Bucket = scan;
            c.Hash = hashes[i];
            c.Document = documents[i];
            c.Position = positions is null ? 0 : positions[i];
            return true;
        }

        // One swap of cycle c; false when c has ended (its posting placed).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Step(ref SwapCycle c, Span<SwapCycle> cycles, Span<int> next, Span<int> bounds)
        {
            int target = (int)(c.Hash >> shift) & (RadixBuckets - 1);
            int j;
            if (target == c.Bucket)
            {
                j = c.Hole;
            }
            else if (next[target] < bounds[target + 1])
            {
                j = next[target]++;
                (c.Hash, hashes[j]) = (hashes[j], c.Hash);
                (c.Document, documents[j]) = (documents[j], c.Document);
                if (positions is not null)
                {
                    (c.Position, positions[j]) = (positions[j], c.Position);
                }

                return true;
            }
            else
            {
                int k = 0;
                while (cycles[k].Bucket != target)
                {
                    k++; // found: a cycle's hole is in the full bucket
                }

                j = cycles[k].Hole;
                (cycles[k].Hole, cycles[k].Bucket) = (c.Hole, c.Bucket);
            }

            hashes[j] = c.Hash;
            documents[j] = c.Document;
            if (positions is not null)
            {
                positions[j] = c.Position;
            }

            return false;
        }
    }

    // Puts each run of equal hashes in [start, end) in document order and counts the common ones per document
    // (atomically: buckets are ordered in parallel). With <paramref name="keepAt"/> (at most start), moves the pairing
    // runs there, in order, and returns where they end (else end).
    // With <paramref name="ordered"/>, runs are in document order already (SortItemsByPlacing).
    private int OrderRuns(int start, int end, int keepAt = -1, bool ordered = false)
    {
        int i = start;
        int kept = keepAt;
        while (i < end)
        {
            int runEnd = i + 1;
            while (runEnd < end && hashes[runEnd] == hashes[i])
            {
                runEnd++;
            }

            int length = runEnd - i;
            if (length > 1 && !ordered)
            {
                OrderRunByDocument(i, runEnd);
            }

            if (length > MaxPostings)
            {
                for (int p = i; p < runEnd; p++)
                {
                    Interlocked.Increment(ref common[documents[p]]);
                }
            }

            if (keepAt >= 0 && IsPairing(length))
            {
                if (kept < i)
                {
                    hashes.AsSpan(i, length).CopyTo(hashes.AsSpan(kept));
                    documents.AsSpan(i, length).CopyTo(documents.AsSpan(kept));
                    positions?.AsSpan(i, length).CopyTo(positions.AsSpan(kept));
                }

                kept += length;
            }

            i = runEnd;
        }

        return keepAt >= 0 ? kept : end;
    }

    // Sorts [start, end) by hash; with positions, document and position travel together as one 64-bit item (in
    // <paramref name="buffer"/> when it is large enough).
    private void SortRange(int start, int end, ulong[]? buffer)
    {
        if (positions is null)
        {
            hashes.AsSpan(start, end - start).Sort(documents.AsSpan(start, end - start));
            return;
        }

        // Not from the pool: a buffer of millions of postings would stay rented for the rest of the run.
        ulong[] items = buffer is not null && buffer.Length >= end - start ? buffer : GC.AllocateUninitializedArray<ulong>(end - start);
        for (int i = start; i < end; i++)
        {
            items[i - start] = Item(documents[i], positions[i]);
        }

        SortItems(start, end, items);
    }

    // A posting's document and position as one 64-bit item, in document order, then position.
    private static ulong Item(int document, int position) => ((ulong)(uint)document << 32) | (uint)position;

    // Sorts [start, end) by hash, its documents and positions given as items (from <paramref name="items"/>' start).
    private void SortItems(int start, int end, ulong[] items)
    {
        hashes.AsSpan(start, end - start).Sort(items.AsSpan(0, end - start));
        for (int i = start; i < end; i++)
        {
            documents[i] = (int)(items[i - start] >> 32);
            positions![i] = (int)(uint)items[i - start];
        }
    }

    // Sorts [start, end) by hash, then document and position, its documents and positions given as items (in
    // scratch.Value from its start), so that runs come out in document order. A fine range's survivors are tens of
    // postings with uniform hashes: each is placed by its hash's top bits above the range's least into one of as many
    // slots as postings (a counting sort), then each slot's few are ordered by insertion; a crowded slot (a hash many
    // documents hold) by a sort. The comparison sort of hashes and then of each run was most of the first sort's time
    // after the radix cuts.
    private void SortItemsByPlacing(int start, int end, SortScratch scratch)
    {
        int n = end - start;
        var items = scratch.Value!.AsSpan(0, n);
        var keys = hashes.AsSpan(start, n);
        if (n > 1)
        {
            ulong least = ulong.MaxValue, most = 0;
            foreach (ulong key in keys)
            {
                (least, most) = (Math.Min(least, key), Math.Max(most, key));
            }

            int bits = BitOperations.Log2((uint)(n - 1)) + 1;
            int shift = Math.Max(0, 64 - BitOperations.LeadingZeroCount(most - least) - bits);
            scratch.Room(n, 1 << bits, out var placedKeys, out var placedItems, out var slotEnds);
            slotEnds.Clear();
            foreach (ulong key in keys)
            {
                slotEnds[(int)((key - least) >> shift)]++;
            }

            for (int slot = 1; slot < slotEnds.Length; slot++)
            {
                slotEnds[slot] += slotEnds[slot - 1];
            }

            for (int i = n - 1; i >= 0; i--)
            {
                int at = --slotEnds[(int)((keys[i] - least) >> shift)];
                (placedKeys[at], placedItems[at]) = (keys[i], items[i]);
            }

            // slotEnds now holds each slot's start.
            for (int slot = 0; slot < slotEnds.Length; slot++)
            {
                int from = slotEnds[slot], to = slot + 1 < slotEnds.Length ? slotEnds[slot + 1] : n;
                if (to - from <= MaxInsertionSlot)
                {
                    InsertionSort(placedKeys[from..to], placedItems[from..to]);
                }
                else
                {
                    SortCrowded(placedKeys[from..to], placedItems[from..to]);
                }
            }

            placedKeys.CopyTo(keys);
            items = placedItems;
        }

        for (int i = 0; i < n; i++)
        {
            documents[start + i] = (int)(items[i] >> 32);
            positions![start + i] = (int)(uint)items[i];
        }

        static void InsertionSort(Span<ulong> keys, Span<ulong> items)
        {
            for (int i = 1; i < keys.Length; i++)
            {
                (ulong key, ulong item) = (keys[i], items[i]);
                int j = i - 1;
                while (j >= 0 && (keys[j] > key || (keys[j] == key && items[j] > item)))
                {
                    (keys[j + 1], items[j + 1]) = (keys[j], items[j]);
                    j--;
                }

                (keys[j + 1], items[j + 1]) = (key, item);
            }
        }

        static void SortCrowded(Span<ulong> keys, Span<ulong> items)
        {
            keys.Sort(items);
            for (int i = 0, runEnd; i < keys.Length; i = runEnd)
            {
                runEnd = i + 1;
                while (runEnd < keys.Length && keys[runEnd] == keys[i])
                {
                    runEnd++;
                }

                items[i..runEnd].Sort();
            }
        }
    }

    // Postings in a slot of SortItemsByPlacing above which a comparison sort orders them, not insertion.
    private const int MaxInsertionSlot = 16;

    // A worker's room for the large sort: documents and positions as items (Value), and where SortItemsByPlacing puts
    // a fine range's survivors.
    private sealed class SortScratch
    {
        public ulong[]? Value;
        private ulong[] keys = [];
        private ulong[] items = [];
        private int[] slots = [];

        public void Room(int postings, int slotCount, out Span<ulong> placedKeys, out Span<ulong> placedItems, out Span<int> slotEnds)
        {
            if (keys.Length < postings)
            {
                (keys, items) = (new ulong[Math.Max(postings, 2 * keys.Length)], new ulong[Math.Max(postings, 2 * keys.Length)]);
            }

            if (slots.Length < slotCount)
            {
                slots = new int[Math.Max(slotCount, 2 * slots.Length)];
            }

            placedKeys = keys.AsSpan(0, postings);
            placedItems = items.AsSpan(0, postings);
            slotEnds = slots.AsSpan(0, slotCount);
        }
    }

    // The sort is unstable: a run of equal hashes is put in document order, so that the pairs proposed, and the
    // order they are proposed in, do not depend on how the postings were sorted.
    private void OrderRunByDocument(int start, int end)
    {
        if (end - start == 2)
        {
            OrderPairByDocument(start);
            return;
        }

        if (positions is null)
        {
            documents.AsSpan(start, end - start).Sort();
            return;
        }

        Span<ulong> items = end - start <= 256 ? stackalloc ulong[end - start] : new ulong[end - start];
        for (int i = start; i < end; i++)
        {
            items[i - start] = Item(documents[i], positions[i]);
        }

        items.Sort();
        for (int i = start; i < end; i++)
        {
            documents[i] = (int)(items[i - start] >> 32);
            positions[i] = (int)(uint)items[i - start];
        }
    }

    // A run of two (on synthetic news, most runs: copy pairs) ordered by one comparison, not a sort.
    private void OrderPairByDocument(int i)
    {
        if (positions is null)
        {
            if (documents[i] > documents[i + 1])
            {
                (documents[i], documents[i + 1]) = (documents[i + 1], documents[i]);
            }

            return;
        }

        if (Item(documents[i], positions[i]) > Item(documents[i + 1], positions[i + 1]))
        {
            (documents[i], documents[i + 1]) = (documents[i + 1], documents[i]);
            (positions[i], positions[i + 1]) = (positions[i + 1], positions[i]);
        }
    }

    // Moves the postings of [start, end) whose hash has its top bit clear before the others; returns the boundary.
    private int PartitionByTopBit(int start, int end)
    {
        int i = start, j = end - 1;
        while (true)
        {
            while (i <= j && (long)hashes[i] >= 0)
            {
                i++;
            }

            while (i <= j && (long)hashes[j] < 0)
            {
                j--;
            }

            if (i >= j)
            {
                return i;
            }

            (hashes[i], hashes[j]) = (hashes[j], hashes[i]);
            (documents[i], documents[j]) = (documents[j], documents[i]);
            if (positions is not null)
            {
                (positions[i], positions[j]) = (positions[j], positions[i]);
            }

            i++;
            j--;
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
