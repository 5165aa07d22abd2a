using System.Runtime.InteropServices;
using NearDup.Fingerprint;

namespace NearDup.Candidates;

/// <summary>
/// Candidate pairs over a collection of fingerprinted documents, never all pairs: the union of MinHash LSH
/// collisions (whole-document Jaccard), winnow-index matches (containment, partial reuse) and equal content
/// hashes (exact copies). Cost grows with the index and the number of true pairs, not with N².
/// </summary>
/// <remarks>
/// Documents get ordinals 0..N-1 in the order they are added. Empty documents (no token) get an ordinal but pair
/// with nothing. Add, FindPairs and Query take a lock, so they may be called from several threads.
/// </remarks>
internal sealed class CandidateFinder
{
    private readonly object gate = new();
    // LSH band keys as postings of a flat sorted index (12 bytes per band and document), cheaper than
    // MinHashLsh's per-band hash tables at 100,000s of documents; same bands, rows and collisions.
    private readonly PostingIndex? bandIndex;
    private readonly int bands;
    private readonly int rows;
    private readonly int numPermutations;
    private readonly PostingIndex winnow;
    private readonly List<uint[]> signatures = [];
    private readonly SignatureSketches sketches;
    private readonly Dictionary<ulong, int> exactHeads = [];
    private readonly List<int> exactNext = [];

    /// <summary>A finder with <paramref name="options"/> (validated), or the defaults.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="fingerprints">The settings the fingerprints were made with (their signature length is
    /// <see cref="FingerprintOptions.NumPermutations"/>); null for the defaults.</param>
    /// <param name="keepWinnowPositions">Keep each winnow fingerprint's token position (from
    /// <see cref="DocumentFingerprint.WinnowPositions"/>, which must then be filled) for passage clusters.</param>
    public CandidateFinder(CandidateOptions? options = null, FingerprintOptions? fingerprints = null, bool keepWinnowPositions = false)
    {
        Options = (options ?? new()).Validate();
        numPermutations = (fingerprints ?? new()).Validate().NumPermutations;
        if ((Options.Sources & CandidateSource.MinHash) != 0)
        {
            var lsh = new MinHashLsh(Options.LshThreshold, numPermutations, (Options.LshFalsePositiveWeight, 1 - Options.LshFalsePositiveWeight));
            (bands, rows) = (lsh.Bands, lsh.Rows);
            bandIndex = new PostingIndex(int.MaxValue);
        }

        winnow = new PostingIndex(Options.MaxPostings, keepWinnowPositions);
        sketches = new SignatureSketches(numPermutations);
    }

    /// <summary>The winnow index (postings of the documents added), for passage clusters.</summary>
    internal PostingIndex Winnow => winnow;

    public CandidateOptions Options { get; }

    /// <summary>LSH bands and rows in use (0, 0 when MinHash is not a source).</summary>
    public (int Bands, int Rows) LshParameters => (bands, rows);

    /// <summary>Documents added.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return signatures.Count;
            }
        }
    }

    /// <summary>Indexes a document and returns its ordinal.</summary>
    /// <exception cref="ArgumentException">The signature length differs from the fingerprints' <see cref="FingerprintOptions.NumPermutations"/>.</exception>
    public int Add(DocumentFingerprint fingerprint)
    {
        CheckFingerprint(fingerprint);
        lock (gate)
        {
            int ordinal = signatures.Count;
            signatures.Add(fingerprint.Signature);
            sketches.Add(fingerprint.Signature);
            exactNext.Add(-1);
            if (fingerprint.IsEmpty)
            {
                return ordinal;
            }

            if ((Options.Sources & CandidateSource.ExactHash) != 0)
            {
                ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(exactHeads, fingerprint.ContentHash, out bool exists);
                exactNext[ordinal] = exists ? head : -1;
                head = ordinal;
            }

            if (bandIndex is not null)
            {
                Span<ulong> keys = stackalloc ulong[bands];
                BandKeys(fingerprint.Signature, keys);
                bandIndex.Add(ordinal, keys);
            }

            if ((Options.Sources & CandidateSource.Winnow) != 0)
            {
                winnow.Add(ordinal, fingerprint.Winnow, fingerprint.WinnowPositions);
            }

            return ordinal;
        }
    }

    /// <summary>
    /// Sizes the indexes for the whole input, given that the documents added so far are <paramref name="addedShare"/>
    /// of it (by size): the rest is taken to be like them, with a margin. Adding more than that is still right, only
    /// slower (the indexes grow by doubling again).
    /// </summary>
    internal void Reserve(double addedShare)
    {
        if (!(addedShare > 0 && addedShare <= 1))
        {
            return;
        }

        lock (gate)
        {
            Reserve(winnow, addedShare);
            if (bandIndex is not null)
            {
                Reserve(bandIndex, addedShare);
            }
        }

        // Only large indexes: below ~8 M postings the doublings cost little, and without the collections they set off
        // the dense 20k scan peaked 2-36 MB higher (three pairs, loaded).
        static void Reserve(PostingIndex index, double addedShare)
        {
            const double Margin = 1.1;
            long expected = (long)(index.PostingCount / addedShare * Margin);
            if (expected >= 1 << 23)
            {
                index.Reserve(expected);
            }
        }
    }

    /// <summary>All candidate pairs among the documents added, each once, ordered by (A, B).</summary>
    public IReadOnlyList<CandidatePair> FindPairs() => FindPairs(null, null);

    /// <summary>
    /// Copy candidates only: the pairs estimated at least <paramref name="minEstimate"/> or of equal content, each
    /// once, ordered by (A, B), with the same estimates as <see cref="FindPairs()"/>. Of the other candidates
    /// (partial overlaps) each document keeps only its <paramref name="partialPartners"/> best, returned in
    /// <paramref name="partial"/> (ordered by (A, B)): on reuse-dense news those are millions of pairs, so the
    /// table stays linear in documents instead.
    /// </summary>
    internal IReadOnlyList<CandidatePair> FindPairs(double minEstimate, int partialPartners, out IReadOnlyList<CandidatePair> partial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partialPartners);
        var kept = new PartialPartners(signatures.Count, partialPartners);
        var pairs = FindPairs(minEstimate, kept);
        partial = kept.Pairs();
        return pairs;
    }

    private List<CandidatePair> FindPairs(double? minEstimate, PartialPartners? partial)
    {
        lock (gate)
        {
            // Exact copies and LSH collisions go into the table on a thread of their own, while the winnow index finds
            // and groups its runs (serial stretches, on synthetic news); the judges wait for it before their first pair.
            var table = new PairTable();
            var collected = Task.Factory.StartNew(
                () => CollectCopyCandidates(table), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if ((Options.Sources & CandidateSource.Winnow) != 0)
            {
                if (minEstimate is { } bound)
                {
                    // A pair already proposed keeps its count (its estimate may rest on it); a new one enters the
                    // table only as a copy candidate, and is otherwise offered to its documents' best partials. The
                    // estimates are taken in parallel (the table is only read then); the offers, which keep the first
                    // of equals, in order.
                    // Few documents are in the table (exact copies and LSH pairs): the others' pairs skip its lookup.
                    var proposedOnce = new Lazy<bool[]>(() =>
                    {
                        collected.GetAwaiter().GetResult();
                        var proposed = new bool[signatures.Count];
                        foreach (ulong key in table.Entries.Keys)
                        {
                            (int x, int y) = PairTable.Split(key);
                            proposed[x] = proposed[y] = true;
                        }

                        return proposed;
                    });

                    winnow.CountSharedPairs<(double Estimate, CandidateSource Source)>(
                        table,
                        Options.MinSharedFingerprints,
                        (a, others, shared, verdicts) =>
                        {
                            // Most partial pairs of a reuse-dense corpus lose to both documents' best partials: those
                            // are told from the signatures' low bytes (a sketch fetched a few partners ahead), and
                            // only the others read the 512-byte signatures.
                            // Pairs that the admitter would ignore (no estimate, or turned away by both documents'
                            // partials) are dropped here; the others move to the front, in order.
                            bool[] proposed = proposedOnce.Value;
                            uint[] signatureA = signatures[a];
                            int sizeA = winnow.FingerprintCount(a);
                            bool proposedA = proposed[a];
                            int kept = 0;
                            for (int i = 0; i < others.Length; i++)
                            {
                                if (i + PrefetchDistance < others.Length)
                                {
                                    sketches.Prefetch(others[i + PrefetchDistance]);
                                }

                                int b = others[i];
                                (double Estimate, CandidateSource Source) verdict;
                                if (proposedA && proposed[b] && table.Contains(a, b))
                                {
                                    verdict = (double.PositiveInfinity, CandidateSource.None);
                                }
                                else
                                {
                                    int sizeB = winnow.FingerprintCount(b);
                                    if (partial is not null && IsTurnedAway(partial, a, b, shared[i], sizeA, sizeB, bound))
                                    {
                                        continue;
                                    }

                                    var evidence = new PairEvidence { SharedFingerprints = shared[i] };
                                    if (Evaluate(evidence, signatureA, signatures[b], sizeA, sizeB) is not { } judged
                                        || (judged.Estimate < bound && (partial is null || partial.TurnsAway(a, b, judged.Estimate))))
                                    {
                                        continue;
                                    }

                                    verdict = judged;
                                }

                                (others[kept], shared[kept], verdicts[kept]) = (b, shared[i], verdict);
                                kept++;
                            }

                            return kept;
                        },
                        (a, b, _, verdict) =>
                        {
                            if (verdict.Estimate >= bound)
                            {
                                return true;
                            }

                            partial?.Offer(new CandidatePair(a, b, verdict.Estimate, verdict.Source));
                            return false;
                        });
                }
                else
                {
                    collected.GetAwaiter().GetResult();
                    winnow.CountSharedPairs(table, Options.MinSharedFingerprints);
                }
            }

            collected.GetAwaiter().GetResult();

            var pairs = new List<CandidatePair>();
            foreach ((ulong key, PairEvidence evidence) in table.Entries)
            {
                (int a, int b) = PairTable.Split(key);
                int sizeA = evidence.SharedFingerprints > 0 ? winnow.FingerprintCount(a) : 0;
                int sizeB = evidence.SharedFingerprints > 0 ? winnow.FingerprintCount(b) : 0;
                if (Evaluate(evidence, signatures[a], signatures[b], sizeA, sizeB) is { } result)
                {
                    var pair = new CandidatePair(a, b, result.Estimate, result.Source);
                    if (minEstimate is { } bound && (result.Source & CandidateSource.ExactHash) == 0 && result.Estimate < bound)
                    {
                        partial?.Offer(pair);
                    }
                    else
                    {
                        pairs.Add(pair);
                    }
                }
            }

            CollectionsMarshal.AsSpan(pairs).Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
            return pairs;
        }
    }

    // Marks the pairs of equal content hashes and of LSH band collisions.
    private void CollectCopyCandidates(PairTable table)
    {
        foreach (int head in exactHeads.Values)
        {
            for (int a = head; a >= 0; a = exactNext[a])
            {
                for (int b = exactNext[a]; b >= 0; b = exactNext[b])
                {
                    table.Mark(a, b, CandidateSource.ExactHash);
                }
            }
        }

        bandIndex?.CollectPairs(table, CandidateSource.MinHash);
    }

    /// <summary>
    /// Indexed documents that are candidates for a new document (not added), by decreasing estimate.
    /// For a persistent index or a service; batch work should use <see cref="FindPairs()"/>.
    /// </summary>
    public IReadOnlyList<CandidateMatch> Query(DocumentFingerprint fingerprint)
    {
        CheckFingerprint(fingerprint);
        var matches = new List<CandidateMatch>();
        if (fingerprint.IsEmpty)
        {
            return matches;
        }

        lock (gate)
        {
            var evidence = new Dictionary<int, PairEvidence>();
            if ((Options.Sources & CandidateSource.ExactHash) != 0 && exactHeads.TryGetValue(fingerprint.ContentHash, out int head))
            {
                for (int d = head; d >= 0; d = exactNext[d])
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Sources |= CandidateSource.ExactHash;
                }
            }

            if (bandIndex is not null)
            {
                Span<ulong> keys = stackalloc ulong[bands];
                BandKeys(fingerprint.Signature, keys);
                var found = new Dictionary<int, int>();
                bandIndex.Query(keys, found);
                foreach (int d in found.Keys)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Sources |= CandidateSource.MinHash;
                }
            }

            int querySize = 0;
            if ((Options.Sources & CandidateSource.Winnow) != 0)
            {
                var shared = new Dictionary<int, int>();
                querySize = winnow.Query(fingerprint.Winnow, shared);
                foreach ((int d, int n) in shared)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).SharedFingerprints = n;
                }
            }

            foreach ((int d, PairEvidence e) in evidence)
            {
                int size = e.SharedFingerprints > 0 ? winnow.FingerprintCount(d) : 0;
                if (Evaluate(e, fingerprint.Signature, signatures[d], querySize, size) is { } result)
                {
                    matches.Add(new CandidateMatch(d, result.Estimate, result.Source));
                }
            }
        }

        CollectionsMarshal.AsSpan(matches).Sort(static (x, y) => x.Estimate != y.Estimate ? y.Estimate.CompareTo(x.Estimate) : x.Document.CompareTo(y.Document));
        return matches;
    }

    // Partners ahead whose sketches are asked for: about a memory latency of judging.
    private const int PrefetchDistance = 4;

    // Whether a winnow pair not yet in the table would be turned away as a partial by both its documents: its
    // estimate, at most the larger of its containment and the sketches' bound, is under the copy bound and no
    // better than either document's weakest kept partner. The same verdict as judging it in full (see
    // PartialPartners.TurnsAway), for a tenth of the memory read.
    private bool IsTurnedAway(PartialPartners partial, int a, int b, int shared, int sizeA, int sizeB, double bound)
    {
        int smaller = Math.Min(sizeA, sizeB);
        if (smaller <= 0)
        {
            return false;
        }

        double containment = Math.Min(1.0, (double)shared / smaller);
        if (containment >= bound || !partial.TurnsAway(a, b, containment))
        {
            return false;
        }

        double ceiling = Math.Max(containment, sketches.UpperBound(a, b));
        return ceiling < bound && partial.TurnsAway(a, b, ceiling);
    }

    private (double Estimate, CandidateSource Source)? Evaluate(PairEvidence evidence, uint[] a, uint[] b, int sizeA, int sizeB)
    {
        CandidateSource source = evidence.Sources;
        double containment = 0;
        int smaller = Math.Min(sizeA, sizeB);
        if (evidence.SharedFingerprints > 0 && smaller > 0)
        {
            containment = Math.Min(1.0, (double)evidence.SharedFingerprints / smaller);
            if (evidence.SharedFingerprints >= Math.Min(Options.MinSharedFingerprints, smaller) && containment >= Options.MinContainment)
            {
                source |= CandidateSource.Winnow;
            }
        }

        if (source == CandidateSource.None)
        {
            return null;
        }

        if ((source & CandidateSource.ExactHash) != 0)
        {
            return (1.0, source);
        }

        double jaccard = MinHash.Jaccard(a, b);
        return ((source & CandidateSource.Winnow) != 0 ? Math.Max(jaccard, containment) : jaccard, source);
    }

    // One key per band, hashed as MinHashLsh hashes them, sorted for the flat index.
    private void BandKeys(ReadOnlySpan<uint> signature, Span<ulong> keys)
    {
        MinHashLsh.WriteBandKeys(signature, rows, keys[..bands]);
        keys.Sort();
    }

    private void CheckFingerprint(DocumentFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (fingerprint.Signature is null || fingerprint.Signature.Length != numPermutations)
        {
            throw new ArgumentException(
                $"The fingerprint's signature has {fingerprint.Signature?.Length ?? 0} values; FingerprintOptions.NumPermutations is {numPermutations}.",
                nameof(fingerprint));
        }

        if (fingerprint.Winnow is null)
        {
            throw new ArgumentException("The fingerprint has no winnow array.", nameof(fingerprint));
        }
    }
}
