using NearDup.Candidates;

namespace NearDup.Tests.Candidates;

public class WinnowIndexTest
{
    [Fact]
    public void Query_CountsSharedFingerprints_PerDocument()
    {
        var index = new WinnowIndex();
        index.Add(0, [1, 2, 3, 4]);
        index.Add(1, [3, 4, 5]);
        var shared = new Dictionary<int, int>();
        Assert.Equal(3, index.Query([2, 3, 4], shared));
        Assert.Equal(new Dictionary<int, int> { [0] = 3, [1] = 2 }, shared);
    }

    [Fact]
    public void CommonFingerprint_OverTheCap_IsIgnored_AndLeftOutOfSizes()
    {
        var index = new WinnowIndex(maxPostings: 3);
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
        var index = new WinnowIndex();
        index.Add(0, [5, 1, 5, 3]);
        Assert.Equal(3, index.FingerprintCount(0));
        index.Add(1, [3, 9]);
        var pairs = new PairTable();
        index.CountSharedPairs(pairs, minShared: 1);
        Assert.Equal(1, pairs.Entries[PairTable.Key(0, 1)].SharedFingerprints);
    }

    [Fact]
    public void CountSharedPairs_InSeveralPasses_GivesTheSameCounts()
    {
        var index = new WinnowIndex();
        var rng = new Random(7);
        for (int d = 0; d < 60; d++)
        {
            index.Add(d, [.. Enumerable.Range(0, 40).Select(_ => (ulong)rng.Next(300))]);
        }

        var once = new PairTable();
        var split = new PairTable();
        index.CountSharedPairs(once, minShared: 2);
        index.CountSharedPairs(split, minShared: 2, maxKeysPerPass: 50);
        Assert.True(once.Count > 100);
        Assert.Equal(once.Entries.OrderBy(e => e.Key).Select(e => (e.Key, e.Value.SharedFingerprints)),
            split.Entries.OrderBy(e => e.Key).Select(e => (e.Key, e.Value.SharedFingerprints)));
        Assert.All(once.Entries.Values, e => Assert.True(e.SharedFingerprints >= 2));
    }

    [Theory]
    [InlineData(100, 7)]
    [InlineData(50_000, 1_000)]
    [InlineData(50_000, 1 << 30)]
    public void SortKeys_SortsLikeArraySort(int length, int maxOrdinal)
    {
        var rng = new Random(length);
        var keys = new ulong[length + 5];
        for (int i = 0; i < length; i++)
        {
            keys[i] = PairTable.Key(rng.Next(maxOrdinal), rng.Next(maxOrdinal));
        }

        var expected = keys[..length].Order().ToArray();
        WinnowIndex.SortKeys(keys, length);
        Assert.Equal(expected, keys[..length]);
    }

    [Fact]
    public void Add_SameDocumentTwice_Throws()
    {
        var index = new WinnowIndex();
        index.Add(3, [1]);
        Assert.Throws<ArgumentException>(() => index.Add(3, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(-1, [2]));
    }
}
