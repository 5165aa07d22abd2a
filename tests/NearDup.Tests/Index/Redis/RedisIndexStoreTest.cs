using NearDup.Index;
using NearDup.Index.Redis;

namespace NearDup.Tests.Index.Redis;

/// <summary>The store suite on a real Redis Cluster on loopback, with each test's index under a key prefix of its own.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisIndexStoreTest(RedisCluster cluster) : IndexStoreTest
{
    private readonly RedisStoreOptions options = cluster.Missing is null ? cluster.Options() : new RedisStoreOptions();

    private protected override IIndexStore CreateStore()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        return RedisIndexStore.ConnectAsync(options).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task TwoWorkers_AddingTheSameStoryAtOnce_EndWithOneStory_AndEachIdOnce()
    {
        string text = Fingerprint.RandomText.Text(new Random(11), 150);
        var docs = Enumerable.Range(0, 12).Select(i => new Document($"copy{i}", text + " " + i)).ToList();
        using var one = await OpenAsync();
        using var two = await OpenAsync();

        // Both workers add every document, in opposite orders: each id is added once, the rest are unchanged.
        var a = Task.Run(() => AddEachAsync(one, docs), Token);
        var b = Task.Run(() => AddEachAsync(two, docs.AsEnumerable().Reverse().ToList()), Token);
        var outcomes = (await a).Concat(await b).ToList();

        Assert.Equal(12, outcomes.Count(o => o.Status == IndexStatus.Added));
        Assert.Equal(12, outcomes.Count(o => o.Status == IndexStatus.Unchanged));
        var stats = await one.StatsAsync(Token);
        Assert.Equal((12L, 1L), (stats.Documents, stats.Stories));
        Assert.Equal(66L, stats.Relations);
    }

    [Fact]
    public async Task KeyPrefixes_KeepIndexesApart()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        using var first = await NearDupIndex.OpenAsync(cluster.Options(), cancellationToken: Token);
        using var second = await NearDupIndex.OpenAsync(cluster.Options(), cancellationToken: Token);
        await first.AddAsync([new Document("a", "words of the first index only")], Token);

        Assert.Null(await second.GetAsync("a", Token));
        Assert.Equal(0, (await second.StatsAsync(Token)).Documents);
    }

    [Fact]
    public async Task AHalfAppliedBatch_IsHidden_AndTheNextWriterFinishesIt()
    {
        string text = Fingerprint.RandomText.Text(new Random(12), 150);
        using var index = await OpenAsync();
        await index.AddAsync([new Document("a", text)], Token);

        // A worker that died after writing its journal and part of the batch: document b's record and relation are
        // there, the counter is not.
        var store = (RedisIndexStore)index.Store;
        var pending = await index.MatchAsync([new Document("b", text)], Token);
        Assert.Single(pending[0].Relations);
        var batch = new IndexBatch();
        var a = (await store.FindDocumentsAsync(["a"], false, Token))[0];
        batch.Documents.Add(a with { Number = 2, Id = "b", Story = 1, Text = text });
        batch.Relations.Add(new IndexedRelation(1, 2, pending[0].Relations[0]));
        await store.WriteJournalOnlyAsync(batch, Token);

        Assert.Null(await index.GetAsync("b", Token));
        var added = await index.AddAsync([new Document("c", text)], Token);

        Assert.Equal("b", (await index.GetAsync("b", Token))!.Id);
        Assert.Single(added[0].Relations);
        Assert.Single((await index.RelationsAsync("b", Token))!);
        Assert.Equal((3L, 1L), ((await index.StatsAsync(Token)).Documents, (await index.StatsAsync(Token)).Stories));
    }

    private static async Task<List<IndexOutcome>> AddEachAsync(NearDupIndex index, List<Document> docs)
    {
        var outcomes = new List<IndexOutcome>();
        foreach (var d in docs)
        {
            outcomes.AddRange(await index.AddAsync([d], Token));
        }

        return outcomes;
    }
}
