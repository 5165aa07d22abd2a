using NearDup.Index;
using NearDup.Index.Redis;
using NearDup.Relate;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Index.Redis;

/// <summary>The store suite on a real Redis Cluster on loopback, with each test's index under a key prefix of its own.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisIndexStoreTest(RedisCluster cluster) : IndexStoreTest
{
    // Ranges of four numbers: every test of the suite crosses the cut of the number sets.
    private readonly RedisStoreOptions options = cluster.Missing is null ? cluster.Options() with { NumberRangeBits = 2 } : new RedisStoreOptions();

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
    public async Task FourWorkers_StartingOneStoryAtOnce_EndWithOneStory_AndEveryPairRelatedOnce()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string text = Fingerprint.RandomText.Text(new Random(13), 150);
        var options = cluster.Options();
        var workers = new List<NearDupIndex>();
        for (int w = 0; w < 4; w++)
        {
            workers.Add(await NearDupIndex.OpenAsync(options, cancellationToken: Token));
        }

        try
        {
            // Each worker adds its own copies (ids of its own), all at once: no worker sees the others' copies
            // committed when it starts, so only publishing before matching can bind them.
            using var start = new Barrier(4);
            var adds = workers.Select((index, w) => Task.Run(async () =>
            {
                start.SignalAndWait(Token);
                var outcomes = new List<IndexOutcome>();
                for (int i = 0; i < 3; i++)
                {
                    outcomes.AddRange(await index.AddAsync([new Document($"w{w}-{i}", text + " " + w + " " + i)], Token));
                }

                return outcomes;
            }, Token)).ToList();
            var all = (await Task.WhenAll(adds)).SelectMany(o => o).ToList();

            Assert.All(all, o => Assert.Equal(IndexStatus.Added, o.Status));
            var stats = await workers[0].StatsAsync(Token);
            Assert.Equal((12L, 1L, 66L), (stats.Documents, stats.Stories, stats.Relations));
            var story = (await workers[0].GetAsync("w0-0", Token))!.Story;
            Assert.Equal(12, (await workers[3].StoryAsync(story, Token))!.Members.Count);
            Assert.Equal(11, (await workers[2].RelationsAsync("w1-1", Token))!.Count);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task AWorkerThatDiesAfterPublishing_LeavesNothingVisible_AndItsIdIsTakenOver()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string text = Fingerprint.RandomText.Text(new Random(14), 150);
        var options = cluster.Options() with { PendingTimeout = TimeSpan.FromSeconds(1) };
        using var index = await NearDupIndex.OpenAsync(options, cancellationToken: Token);
        await index.AddAsync([new Document("a", text)], Token);

        // A worker that published "b" (record, id, postings) and died before committing it.
        var store = (RedisIndexStore)index.Store;
        var a = (await store.FindDocumentsAsync(["a"], false, Token))[0];
        long number = await store.ReserveNumbersAsync(1, Token);
        var dead = a with { Number = number, Id = "b", Story = number, Text = text };
        var postings = new List<IndexPosting> { new(PostingKind.Content, a.ContentHash, number) };
        Assert.Null((await store.PublishAsync([(dead, postings)], Token))[0]);

        Assert.Null(await index.GetAsync("b", Token));
        Assert.Single((await index.MatchAsync([new Document("q", text)], Token))[0].Relations);
        Assert.Equal((1L, 1L, 0L), ((await index.StatsAsync(Token)).Documents, (await index.StatsAsync(Token)).Stories, (await index.StatsAsync(Token)).Relations));
        Assert.Single(await index.Store.ReadStoryAsync(a.Story, Token));

        // Another worker adds "b": the dead claim is taken over once PendingTimeout has passed.
        using var other = await NearDupIndex.OpenAsync(options, cancellationToken: Token);
        var added = await other.AddAsync([new Document("b", text)], Token);

        Assert.Equal(IndexStatus.Added, added[0].Status);
        Assert.Single(added[0].Relations);
        Assert.Equal((2L, 1L, 1L), ((await index.StatsAsync(Token)).Documents, (await index.StatsAsync(Token)).Stories, (await index.StatsAsync(Token)).Relations));
    }

    [Fact]
    public async Task PostingLists_ShareBucketKeys_AndStillFindCopies()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string prefix = "bk" + Guid.NewGuid().ToString("N")[..10];
        using var index = await NearDupIndex.OpenAsync(cluster.Options(prefix) with { PostingBucketBits = 6 }, cancellationToken: Token);
        var docs = Enumerable.Range(0, 20).Select(i => new Document($"d{i}", Fingerprint.RandomText.Text(new Random(200 + i), 150))).ToList();
        await index.AddAsync(docs, Token);
        var copy = await index.AddAsync([new Document("copy", docs[7].Text)], Token);

        // ~70 posting lists a document (150 words), in at most 64 buckets of each of the three kinds.
        var stats = await index.StatsAsync(Token);
        Assert.True(stats.Postings > 20 * 40, $"{stats.Postings} postings");
        Assert.InRange(BucketKeys(prefix), 1, 3 * 64);
        Assert.Equal("d7", Assert.Single(copy[0].Relations).A);
    }

    [Fact]
    public async Task AWorkerFindsByMeaning_WhatAnotherWorkerAddedAfterItOpened()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        var options = cluster.Options();
        var semantic = IndexOptions.From(MiniLmPresets.Default);
        using var first = await NearDupIndex.OpenAsync(options, semantic, Token);
        using var second = await NearDupIndex.OpenAsync(options, semantic, Token);

        // The second worker has read the index's vectors (none yet) before the first adds the seeds' story.
        await second.AddAsync([new Document("other", Fingerprint.RandomText.Text(new Random(5), 200))], Token);
        var story = await first.AddAsync([.. new[] { "001", "002", "003" }.Select(p => new Document(p, TestPaths.SeedText(p)))], Token);

        // 004 is a summary of that story: it shares sentences with none of them, so only its vector finds them.
        var matched = await second.MatchAsync([new Document("004", TestPaths.SeedText("004"))], Token);
        Assert.Contains(matched[0].Relations, r => r.Kind == RelationKind.SameStory && r.A is "001" or "002" or "003");
        var summary = (await second.AddAsync([new Document("004", TestPaths.SeedText("004"))], Token))[0];
        Assert.Equal(story[0].Story, summary.Story);
    }

    [Fact]
    public async Task CommitLog_GivesTheBatchesCommittedSinceAPosition_AndSaysWhenItWasTrimmedPastIt()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string prefix = "cl" + Guid.NewGuid().ToString("N")[..10];
        var store = await RedisIndexStore.ConnectAsync(cluster.Options(prefix));
        using var index = await NearDupIndex.OpenAsync(store, cancellationToken: Token);
        var (start, none) = await store.CommittedSinceAsync(null, Token);
        Assert.Equal(("0-0/0", 0), (start, none!.Count));

        await index.AddAsync([new Document("a", Fingerprint.RandomText.Text(new Random(21), 100)), new Document("b", Fingerprint.RandomText.Text(new Random(22), 100))], Token);
        var (middle, first) = await store.CommittedSinceAsync(start, Token);
        await index.AddAsync([new Document("c", Fingerprint.RandomText.Text(new Random(23), 100))], Token);
        var (_, second) = await store.CommittedSinceAsync(middle, Token);
        Assert.Equal([1L, 2L], first);
        Assert.Equal([3L], second);

        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(string.Join(',', cluster.Options().Endpoints)))
        {
            await redis.GetDatabase().StreamTrimAsync($"{{{prefix}}}:log", 0);
        }

        Assert.Null((await store.CommittedSinceAsync(start, Token)).Documents);
    }

    [Fact]
    public async Task NumberSets_AreCutByRange_AndAnIndexWrittenBeforeTheCutMovesIntoThem()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string prefix = "nr" + Guid.NewGuid().ToString("N")[..10];
        var ranged = cluster.Options(prefix) with { NumberRangeBits = 2 };
        var docs = Enumerable.Range(0, 10).Select(i => new Document($"d{i}", Fingerprint.RandomText.Text(new Random(300 + i), 120))).ToList();
        docs.Add(new Document("copy", docs[3].Text));
        using (var index = await NearDupIndex.OpenAsync(ranged, cancellationToken: Token))
        {
            await index.AddAsync(docs, Token);
            Assert.Equal((11L, 10L), ((await index.StatsAsync(Token)).Documents, (await index.StatsAsync(Token)).Stories));
        }

        // Numbers 1-11 in ranges of four: three document sets, on more than one primary.
        Assert.Equal(3, Keys(prefix, "dr"));
        Assert.True(cluster.Ports.Select(p => (p, cluster.Command(p, "info replication"))).Count(p => p.Item2.Contains("role:master", StringComparison.Ordinal)
            && cluster.Command(p.p, $"--scan --pattern {{{prefix}:dr*").Trim().Length > 0) > 1, "the document sets share one primary");

        // Put the index back as an older build wrote it (one set of each), then open it again: it moves into ranges.
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(string.Join(',', ranged.Endpoints)))
        {
            var db = redis.GetDatabase();
            for (long range = 0; range < 3; range++)
            {
                string dr = $"{{{prefix}:dr{range}}}", sr = $"{{{prefix}:sr{range}}}";
                foreach (var n in await db.SortedSetRangeByRankAsync(dr))
                {
                    await db.SortedSetAddAsync($"{{{prefix}}}:docs", n, (long)n);
                }

                foreach (var n in await db.SetMembersAsync(sr))
                {
                    await db.SetAddAsync($"{{{prefix}}}:stories", n);
                }

                await db.KeyDeleteAsync(dr);
                await db.KeyDeleteAsync(sr);
            }
        }

        Assert.Equal(0, Keys(prefix, "dr"));
        var store = await RedisIndexStore.ConnectAsync(cluster.Options(prefix));
        using (var reopened = await NearDupIndex.OpenAsync(store, cancellationToken: Token))
        {
            var stats = await reopened.StatsAsync(Token);
            Assert.Equal((11L, 10L), (stats.Documents, stats.Stories));
            Assert.Equal(Enumerable.Range(1, 11).Select(n => (long)n), await store.ListDocumentsAsync(0, int.MaxValue, Token));
            Assert.Equal([5L, 6L], await store.ListDocumentsAsync(4, 2, Token));
            Assert.Equal(["copy", "d3"], (await reopened.MatchAsync([new Document("again", docs[3].Text)], Token))[0].Relations.Select(r => r.A).Order());
        }

        Assert.Equal(3, Keys(prefix, "dr"));
        Assert.Equal(0, Keys(prefix, "}:docs"));
    }

    /// <summary>The posting bucket keys of an index, counted on the primaries.</summary>
    private int BucketKeys(string prefix) => Keys(prefix, "b");

    /// <summary>The keys of an index whose names go on from the prefix with <paramref name="kind"/>, counted on the primaries.</summary>
    private int Keys(string prefix, string kind) => cluster.Ports
        .Where(p => cluster.Command(p, "info replication").Contains("role:master", StringComparison.Ordinal))
        .Sum(p => cluster.Command(p, $"--scan --pattern {{{prefix}{(kind.StartsWith('}') ? "" : ":")}{kind}*").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

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
