using NearDup.Candidates;

namespace NearDup.Tests.Candidates;

public class PostingIndexTest
{
    [Fact]
    public void Query_CountsSharedFingerprints_PerDocument()
    {
        var index = new PostingIndex();
        index.Add(0, [1, 2, 3, 4]);
        index.Add(1, [3, 4, 5]);
        var shared = new Dictionary<int, int>();
        Assert.Equal(3, index.Query([2, 3, 4], shared));
        Assert.Equal(new Dictionary<int, int> { [0] = 3, [1] = 2 }, shared);
    }

    [Fact]
    public void LargeIndex_SortedInRadixBuckets_HoldsEveryPosting_ByHash_ThenDocument()
    {
        // Over the parallel threshold (65,536 postings): the bucketed sort, against the postings as added.
        var random = new Random(11);
        var index = new PostingIndex(maxPostings: 100, keepPositions: true);
        var expected = new List<(ulong Hash, int Document, int Position)>();
        for (int d = 0; d < 1000; d++)
        {
            var hashes = new ulong[100];
            var positions = new int[100];
            for (int i = 0; i < hashes.Length; i++)
            {
                // Some hashes shared by many documents, most unique; top bits spread over the buckets.
                hashes[i] = random.Next(10) == 0 ? (ulong)random.Next(50) * 0x0123456789ABCDEFUL : (ulong)random.NextInt64() * 2 + (ulong)random.Next(2);
                positions[i] = i;
            }

            index.Add(d, hashes, positions);
            var seen = new HashSet<ulong>();
            for (int i = 0; i < hashes.Length; i++)
            {
                if (seen.Add(hashes[i]))
                {
                    expected.Add((hashes[i], d, positions[i]));
                }
            }
        }

        expected.Sort();
        var (sortedHashes, documents, sortedPositions) = index.SortedPostings();
        Assert.Equal(expected.Select(e => e.Hash), sortedHashes.ToArray());
        Assert.Equal(expected.Select(e => e.Document), documents.ToArray());
        Assert.Equal(expected.Select(e => e.Position), sortedPositions.ToArray());
    }

    [Fact]
    public void KeepPairingRuns_KeepsTheRunsOfTwoToCapDocuments_InOrder_AndTheSizesAndPairs()
    {
        // Over the parallel threshold, so the runs are copied by slices: unique, pairing and common (over the cap) ones.
        var random = new Random(5);
        var index = new PostingIndex(maxPostings: 20, keepPositions: true);
        const int Documents = 3000;
        for (int d = 0; d < Documents; d++)
        {
            var hashes = new ulong[100];
            var positions = new int[100];
            for (int i = 0; i < hashes.Length; i++)
            {
                int draw = random.Next(50);
                hashes[i] = draw == 0 ? (ulong)random.Next(5) * 0x9E3779B97F4A7C15UL // in ~1,200 documents: common
                    : draw < 6 ? (ulong)random.Next(10_000) * 0xBF58476D1CE4E5B9UL  // in ~3: pairing
                    : (ulong)random.NextInt64();                                     // in one
                positions[i] = i;
            }

            index.Add(d, hashes, positions);
        }

        var (allHashes, allDocuments, allPositions) = index.SortedPostings();
        var expected = new List<(ulong Hash, int Document, int Position)>();
        for (int i = 0, end; i < allHashes.Length; i = end)
        {
            for (end = i + 1; end < allHashes.Length && allHashes.Span[end] == allHashes.Span[i]; end++)
            {
            }

            for (int p = i; end - i is >= 2 and <= 20 && p < end; p++)
            {
                expected.Add((allHashes.Span[p], allDocuments.Span[p], allPositions.Span[p]));
            }
        }

        var sizes = Enumerable.Range(0, Documents).Select(index.FingerprintCount).ToArray();
        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 2);
        index.KeepPairingRuns();
        var pairsKept = new PairTable();
        index.CountSharedPairs(pairsKept, minShared: 2);
        Assert.Equal(pairs.Entries.OrderBy(e => e.Key), pairsKept.Entries.OrderBy(e => e.Key));
        Assert.NotEmpty(pairs.Entries);
        var (hashesKept, documentsKept, positionsKept) = index.SortedPostings();
        Assert.InRange(expected.Count, 10_000, allHashes.Length / 2);
        Assert.Equal(expected.Select(e => e.Hash), hashesKept.ToArray());
        Assert.Equal(expected.Select(e => e.Document), documentsKept.ToArray());
        Assert.Equal(expected.Select(e => e.Position), positionsKept.ToArray());
        Assert.Equal(sizes, Enumerable.Range(0, Documents).Select(index.FingerprintCount));
    }

    [Theory]
    [InlineData(3_000)]  // buckets of a few hundred postings, each sorted whole
    [InlineData(24_000)] // buckets over 4,096 postings, cut once more before the sort
    public void KeepPairingRuns_AsTheFirstRead_KeepsWhatItKeepsAfterASort(int documents)
    {
        // The first read sorts and keeps in one go, one document's hashes dropped unsorted: the same postings, sizes
        // and pairs as keeping after a full sort.
        var sortedFirst = new PostingIndex(maxPostings: 20, keepPositions: true);
        var keptFirst = new PostingIndex(maxPostings: 20, keepPositions: true);
        var random = new Random(11);
        var hashes = new ulong[100];
        var positions = new int[100];
        for (int d = 0; d < documents; d++)
        {
            for (int i = 0; i < hashes.Length; i++)
            {
                int draw = random.Next(50);
                hashes[i] = draw == 0 ? (ulong)random.Next(5) * 0x9E3779B97F4A7C15UL // common
                    : draw < 6 ? (ulong)random.Next(documents * 3) * 0xBF58476D1CE4E5B9UL // pairing, a few unique
                    : (ulong)random.NextInt64();                                         // in one
                positions[i] = random.Next(1000);
            }

            sortedFirst.Add(d, hashes, positions);
            keptFirst.Add(d, hashes, positions);
        }

        sortedFirst.SortedPostings();
        sortedFirst.KeepPairingRuns();
        keptFirst.KeepPairingRuns();
        var (expectedHashes, expectedDocuments, expectedPositions) = sortedFirst.SortedPostings();
        var (keptHashes, keptDocuments, keptPositions) = keptFirst.SortedPostings();
        Assert.InRange(keptHashes.Length, 10_000, documents * 50);
        Assert.Equal(expectedHashes.ToArray(), keptHashes.ToArray());
        Assert.Equal(expectedDocuments.ToArray(), keptDocuments.ToArray());
        Assert.Equal(expectedPositions.ToArray(), keptPositions.ToArray());
        Assert.Equal(
            Enumerable.Range(0, documents).Select(sortedFirst.FingerprintCount),
            Enumerable.Range(0, documents).Select(keptFirst.FingerprintCount));
        var (expectedPairs, keptPairs) = (new PairTable(), new PairTable());
        sortedFirst.CountSharedPairs(expectedPairs, minShared: 2);
        keptFirst.CountSharedPairs(keptPairs, minShared: 2);
        Assert.NotEmpty(keptPairs.Entries);
        Assert.Equal(expectedPairs.Entries.OrderBy(e => e.Key), keptPairs.Entries.OrderBy(e => e.Key));
    }

    [Fact]
    public void CommonFingerprint_OverTheCap_IsIgnored_AndLeftOutOfSizes()
    {
        var index = new PostingIndex(maxPostings: 3);
        for (int d = 0; d < 4; d++)
        {
            index.Add(d, [1000, (ulong)d]); // 1000 is boilerplate in 4 documents > cap 3
        }

        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 1);
        Assert.Equal(0, pairs.Count);
        Assert.Equal(1, index.FingerprintCount(0));
        var shared = new Dictionary<int, int>();
        Assert.Equal(1, index.Query([0, 1000], shared));
        Assert.Equal(new Dictionary<int, int> { [0] = 1 }, shared);
    }

    [Fact]
    public void Add_UnsortedWithRepeats_IsDeduplicated_AndMergesAcrossRefreshes()
    {
        var index = new PostingIndex();
        index.Add(0, [5, 1, 5, 3]);
        Assert.Equal(3, index.FingerprintCount(0));
        index.Add(1, [3, 9]);
        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 1);
        Assert.Equal(1, pairs.Entries[PairTable.Key(0, 1)].SharedFingerprints);
    }

    [Fact]
    public void ManyPostings_WithQueriesBetweenAdds_AnswerLikeOneBatch()
    {
        // Documents of 3,000 fingerprints each, the index read between adds: the arrays grow and merge what was
        // appended with what was already sorted.
        var rng = new Random(11);
        var documents = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 3000).Select(_ => (ulong)rng.Next(20_000)).ToArray()).ToArray();
        var incremental = new PostingIndex(keepPositions: true);
        var batch = new PostingIndex(keepPositions: true);
        for (int d = 0; d < documents.Length; d++)
        {
            int[] tokenPositions = [.. Enumerable.Range(0, documents[d].Length)];
            incremental.Add(d, documents[d], tokenPositions);
            batch.Add(d, documents[d], tokenPositions);
            if (d % 5 == 4)
            {
                Assert.Equal(documents[d].Distinct().Count(), incremental.FingerprintCount(d));
            }
        }

        Assert.Equal(batch.PostingCount, incremental.PostingCount);
        Assert.Equal(documents.Sum(d => d.Distinct().Count()), batch.PostingCount);
        var (hashes, docs, positions) = batch.SortedPostings();
        var (hashesI, docsI, positionsI) = incremental.SortedPostings();
        Assert.True(hashes.Span.SequenceEqual(hashesI.Span));
        Assert.True(docs.Span.SequenceEqual(docsI.Span));
        Assert.True(positions.Span.SequenceEqual(positionsI.Span));
        // Each posting keeps its document and the first position of its hash in that document.
        for (int p = 0; p < hashes.Length; p++)
        {
            Assert.Equal(Array.IndexOf(documents[docs.Span[p]], hashes.Span[p]), positions.Span[p]);
        }
    }

    [Fact]
    public void CountSharedPairs_CountsLikeBruteForce()
    {
        var index = new PostingIndex(maxPostings: 8);
        var rng = new Random(7);
        var sets = new List<HashSet<ulong>>();
        for (int d = 0; d < 60; d++)
        {
            sets.Add([.. Enumerable.Range(0, 40).Select(_ => (ulong)rng.Next(300))]);
            index.Add(d, [.. sets[d]]);
        }

        var frequency = sets.SelectMany(s => s).GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<ulong, int>();
        for (int a = 0; a < sets.Count; a++)
        {
            for (int b = a + 1; b < sets.Count; b++)
            {
                int shared = sets[a].Count(h => frequency[h] <= 8 && sets[b].Contains(h));
                if (shared >= 2)
                {
                    expected[PairTable.Key(a, b)] = shared;
                }
            }
        }

        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 2);
        Assert.True(expected.Count > 50);
        Assert.Equal(expected.OrderBy(e => e.Key), pairs.Entries.Select(e => KeyValuePair.Create(e.Key, e.Value.SharedFingerprints)).OrderBy(e => e.Key));
    }

    [Fact]
    public void CountSharedPairs_PassagesHeldByTheSameDocuments_CountLikeBruteForce_AndPartnersComeAsFirstMet()
    {
        // Documents made of "sentences" of five fingerprints from a small pool: many runs are held by the very same
        // documents (counted once with a weight), and some sentences are in more documents than the cap.
        const int cap = 6;
        var index = new PostingIndex(maxPostings: cap);
        var rng = new Random(11);
        var sets = new List<HashSet<ulong>>();
        for (int d = 0; d < 80; d++)
        {
            var set = new HashSet<ulong>();
            for (int s = 0; s < 6; s++)
            {
                ulong sentence = (ulong)rng.Next(60);
                for (ulong k = 0; k < 5; k++)
                {
                    set.Add((sentence * 1_000_003UL) + (k * 7_919UL));
                }
            }

            set.Add(1_000_000_000UL + (ulong)d); // one fingerprint of its own
            sets.Add(set);
            index.Add(d, [.. set]);
        }

        var frequency = sets.SelectMany(s => s).GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<ulong, int>();
        var firstMet = new Dictionary<ulong, ulong>(); // pair -> smallest hash that pairs them
        for (int a = 0; a < sets.Count; a++)
        {
            for (int b = a + 1; b < sets.Count; b++)
            {
                var shared = sets[a].Where(h => frequency[h] <= cap && sets[b].Contains(h)).ToList();
                if (shared.Count >= 1)
                {
                    expected[PairTable.Key(a, b)] = shared.Count;
                    firstMet[PairTable.Key(a, b)] = shared.Min();
                }
            }
        }

        var partners = new System.Collections.Concurrent.ConcurrentDictionary<int, int[]>();
        var pairs = new PairTable();
        index.CountSharedPairs<bool>(
            pairs,
            minShared: 1,
            (a, others, shared, verdicts) =>
            {
                partners[a] = others.ToArray();
                verdicts.Fill(true);
                return others.Length;
            },
            static (_, _, _, keep) => keep);

        Assert.True(expected.Count > 200);
        Assert.Equal(expected.OrderBy(e => e.Key), pairs.Entries.Select(e => KeyValuePair.Create(e.Key, e.Value.SharedFingerprints)).OrderBy(e => e.Key));
        foreach (var (a, others) in partners)
        {
            var byFirstShared = others.OrderBy(b => firstMet[PairTable.Key(a, b)]).ThenBy(b => b);
            Assert.Equal(byFirstShared, others);
        }
    }

    [Fact]
    public void CountSharedPairs_FindsAndGroupsRunsInSlices_AsOneWorkerDoes()
    {
        // Enough postings and runs (800,000 and ~140,000) that runs are found and grouped by document in four slices.
        static PostingIndex Build()
        {
            var index = new PostingIndex(maxPostings: 8);
            var rng = new Random(5);
            for (int d = 0; d < 4_000; d++)
            {
                var set = new HashSet<ulong>();
                for (int s = 0; s < 40; s++)
                {
                    ulong sentence = (ulong)rng.Next(30_000);
                    for (ulong k = 0; k < 5; k++)
                    {
                        set.Add(((sentence * 1_000_003UL) + (k * 7_919UL)) * 0x9E3779B97F4A7C15UL);
                    }
                }

                index.Add(d, [.. set]);
            }

            return index;
        }

        (Dictionary<int, (int[] Others, int[] Shared)> Partners, PairTable Pairs) Count(int workers)
        {
            var partners = new System.Collections.Concurrent.ConcurrentDictionary<int, (int[], int[])>();
            var pairs = new PairTable();
            Build().CountSharedPairs<bool>(
                pairs,
                minShared: 1,
                (a, others, shared, verdicts) =>
                {
                    partners[a] = (others.ToArray(), shared.ToArray());
                    verdicts.Fill(true);
                    return others.Length;
                },
                static (_, _, _, keep) => keep,
                maxDegreeOfParallelism: workers);
            return (partners.ToDictionary(), pairs);
        }

        var (one, onePairs) = Count(1);
        var (sliced, slicedPairs) = Count(4);
        Assert.True(onePairs.Count > 10_000);
        Assert.Equal(onePairs.Entries.Select(e => (e.Key, e.Value.SharedFingerprints)).Order(), slicedPairs.Entries.Select(e => (e.Key, e.Value.SharedFingerprints)).Order());
        Assert.Equal(one.Keys.Order(), sliced.Keys.Order());
        foreach (var (a, (others, shared)) in one)
        {
            Assert.Equal(others, sliced[a].Others);
            Assert.Equal(shared, sliced[a].Shared);
        }
    }

    [Fact]
    public void CountSharedPairs_RecordsOnlyWhatAdmitAccepts()
    {
        var index = new PostingIndex();
        index.Add(0, [1, 2, 3]);
        index.Add(1, [1, 2, 3]);
        index.Add(2, [1, 2, 9]);
        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 1, admit: (a, b, shared) => shared == 3);
        var only = Assert.Single(pairs.Entries);
        Assert.Equal(PairTable.Key(0, 1), only.Key);
    }

    [Fact]
    public void CountSharedPairs_JudgesInParallel_AndAdmitsInDocumentOrder()
    {
        // Enough documents for many batches, each sharing with its neighbours.
        var index = new PostingIndex();
        for (int d = 0; d < 1000; d++)
        {
            index.Add(d, [(ulong)d, (ulong)d + 1, (ulong)d + 2]);
        }

        var order = new List<int>();
        int judged = 0;
        var pairs = new PairTable();
        index.CountSharedPairs<int>(
            pairs,
            minShared: 1,
            (a, others, shared, verdicts) =>
            {
                Interlocked.Add(ref judged, others.Length);
                for (int i = 0; i < others.Length; i++)
                {
                    Assert.True(others[i] > a);
                    verdicts[i] = shared[i] * 10;
                }

                return others.Length;
            },
            (a, b, shared, verdict) =>
            {
                Assert.Equal(shared * 10, verdict);
                order.Add(a);
                return b == a + 1;
            });

        Assert.Equal(judged, order.Count);
        Assert.Equal(order.Order(), order);
        Assert.Equal(999, pairs.Count);
        Assert.Equal(2, pairs.Entries[PairTable.Key(10, 11)].SharedFingerprints);
    }

    [Fact]
    public void CountSharedPairs_PairsTheJudgeDrops_AreNeverAdmitted()
    {
        var index = new PostingIndex();
        for (int d = 0; d < 600; d++)
        {
            index.Add(d, [(ulong)d, (ulong)d + 1, (ulong)d + 2]);
        }

        var admitted = new List<(int A, int B, int Verdict)>();
        var pairs = new PairTable();
        index.CountSharedPairs<int>(
            pairs,
            minShared: 1,
            (a, others, shared, verdicts) =>
            {
                int kept = 0;
                for (int i = 0; i < others.Length; i++)
                {
                    if (shared[i] == 2)
                    {
                        (others[kept], shared[kept], verdicts[kept]) = (others[i], shared[i], others[i] - a);
                        kept++;
                    }
                }

                return kept;
            },
            (a, b, shared, verdict) =>
            {
                admitted.Add((a, b, verdict));
                return true;
            });

        Assert.Equal(Enumerable.Range(0, 599).Select(a => (a, a + 1, 1)), admitted);
        Assert.Equal(599, pairs.Count);
    }

    [Fact]
    public void Add_SameDocumentTwice_Throws()
    {
        var index = new PostingIndex();
        index.Add(3, [1]);
        Assert.Throws<ArgumentException>(() => index.Add(3, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(-1, [2]));
    }
}
