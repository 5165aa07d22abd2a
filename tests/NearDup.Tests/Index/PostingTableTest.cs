using NearDup.Index;

namespace NearDup.Tests.Index;

public sealed class PostingTableTest
{
    [Fact]
    public void AddsAndRemoves_AgreeWithADictionaryOfLists_ThroughGrowthAndReuse()
    {
        var random = new Random(11);
        var table = new PostingTable();
        var expected = new Dictionary<ulong, List<long>>();
        var keys = Enumerable.Range(0, 3000).Select(_ => (ulong)random.NextInt64()).ToArray();
        for (int step = 0; step < 40_000; step++)
        {
            ulong key = keys[random.Next(step < 20_000 ? keys.Length : 50)]; // later steps crowd a few keys
            long document = random.Next(1, 200);
            var list = expected.GetValueOrDefault(key);
            if (random.Next(3) == 0)
            {
                Assert.Equal(list?.Remove(document) ?? false, table.Remove(key, document));
            }
            else
            {
                bool isNew = list is null || !list.Contains(document);
                if (isNew)
                {
                    (expected[key] = list ?? []).Add(document);
                }

                Assert.Equal(isNew, table.Add(key, document));
            }
        }

        Assert.Equal(expected.Values.Sum(l => l.Count), table.Count);
        foreach (ulong key in keys)
        {
            var found = new List<IndexPosting>();
            table.Read(PostingKind.Winnow, key, int.MaxValue, found);
            Assert.Equal(expected.GetValueOrDefault(key) ?? [], found.Select(p => p.Document)); // in the order filed
        }
    }

    [Fact]
    public void Read_StopsAtTheLimit_InTheOrderFiled()
    {
        var table = new PostingTable();
        foreach (long document in new long[] { 5, 3, 9, 1 })
        {
            table.Add(42, document);
        }

        var found = new List<IndexPosting>();
        table.Read(PostingKind.Band, 42, 3, found);

        Assert.Equal([5L, 3L, 9L], found.Select(p => p.Document));
        Assert.All(found, p => Assert.Equal((PostingKind.Band, 42UL), (p.Kind, p.Key)));
    }

    [Fact]
    public void ALongList_GrowsThroughEveryBlockSize_AndPastTheLargest_InOrder()
    {
        var table = new PostingTable();
        int count = PostingTable.MaxBlock + 3;
        for (int d = 1; d <= count; d++)
        {
            Assert.True(table.Add(7, d));
            Assert.True(table.Add(8, d)); // a second list growing beside it
        }

        Assert.False(table.Add(7, count));
        for (int d = 2; d <= count; d += 2)
        {
            Assert.True(table.Remove(7, d));
        }

        var found = new List<IndexPosting>();
        table.Read(PostingKind.Band, 7, int.MaxValue, found);
        Assert.Equal(Enumerable.Range(0, (count + 1) / 2).Select(i => 1L + (2 * i)), found.Select(p => p.Document));
        found.Clear();
        table.Read(PostingKind.Band, 8, 5, found);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], found.Select(p => p.Document));
        Assert.Equal(count + ((count + 1) / 2), table.Count);
    }
}
