using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>
/// The index on Redis Cluster (or one Redis server), shared by any number of worker processes. Documents, relations,
/// story members and posting buckets are Redis hashes and sorted sets (layout in docs/SCALING.md); reads of many keys
/// go out as one pipelined batch.
/// </summary>
/// <remarks>
/// <para>Adds take no index-wide lock (<see cref="ISharedIndexStore"/>): a worker numbers its documents from a
/// counter (<c>INCRBY</c>), publishes them (records hidden from readers, ids claimed with <c>HSETNX</c>, postings),
/// matches them against everything committed or published, then commits: story unions as transactions guarded by
/// <c>WATCH</c> on the story keys, each record with its relations in one <c>MULTI</c>/<c>EXEC</c> on its slot. A
/// document is visible to readers only once its record is committed, so a worker that dies leaves nothing
/// half-written visible. Removals take the index-wide lock and a journal.</para>
/// <para>With <see cref="RedisStoreOptions.ReplicasToAcknowledge"/> a commit returns after every primary's replica
/// has it (<c>WAIT</c>), so a failover loses no acknowledged batch. Network errors, timeouts and failovers are retried
/// with backoff for <see cref="RedisStoreOptions.RetryFor"/>; every step is idempotent.</para>
/// </remarks>
internal sealed partial class RedisIndexStore : IIndexStore, ISharedIndexStore
{
    private const string BucketBitsSetting = "redis-posting-bucket-bits";
    private const string RangeBitsSetting = "redis-number-range-bits";
    private static readonly RedisValue[] FieldsWithoutText = ["id", "ch", "sig", "win", "tc", "story", "url", "src", "pub", "vec", "ent", "c"];
    private static readonly RedisValue[] FieldsWithText = [.. FieldsWithoutText, "text"];
    private readonly ConnectionMultiplexer connection;
    private readonly IDatabase db;
    private readonly RedisKeys keys;
    private readonly bool ownsConnection;

    // A writer's view (WithPublished): published documents are seen too, except the writer's own batch.
    private readonly bool seesPublished;
    private readonly long ownFirst;
    private readonly long ownLast;

    private RedisIndexStore(ConnectionMultiplexer connection, RedisStoreOptions options, RedisKeys keys, bool ownsConnection, bool seesPublished = false, long ownFirst = 0, long ownLast = -1)
    {
        this.connection = connection;
        Options = options;
        db = connection.GetDatabase();
        this.keys = keys;
        this.ownsConnection = ownsConnection;
        this.seesPublished = seesPublished;
        this.ownFirst = ownFirst;
        this.ownLast = ownLast;
    }

    public RedisStoreOptions Options { get; }

    /// <summary>Connects to the cluster (or server) of <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">No node could be reached.</exception>
    public static async Task<RedisIndexStore> ConnectAsync(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectRetry = 3,
            ConnectTimeout = 5000,
            SyncTimeout = 10000,
            AsyncTimeout = 10000,
            ClientName = "neardup",
            // INFO (memory, replication) on the primaries.
            AllowAdmin = true,
        };
        foreach (string endpoint in options.Endpoints)
        {
            config.EndPoints.Add(endpoint);
        }

        var connection = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        if (!connection.IsConnected)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot reach Redis at {string.Join(',', options.Endpoints)}.");
        }

        try
        {
            // The bucket and range sizes are the index's, fixed by its first writer: every worker must file a key in
            // one bucket and a number in one range.
            var settings = new RedisKeys(options.KeyPrefix, options.PostingBucketBits, options.NumberRangeBits).Settings;
            var db = connection.GetDatabase();
            await db.HashSetAsync(settings, BucketBitsSetting, options.PostingBucketBits, When.NotExists).ConfigureAwait(false);
            await db.HashSetAsync(settings, RangeBitsSetting, options.NumberRangeBits, When.NotExists).ConfigureAwait(false);
            var fixedBits = await db.HashGetAsync(settings, [BucketBitsSetting, RangeBitsSetting]).ConfigureAwait(false);
            var keys = new RedisKeys(options.KeyPrefix, (int)fixedBits[0], (int)fixedBits[1]);
            await MoveToRangesAsync(db, keys).ConfigureAwait(false);
            return new RedisIndexStore(connection, options, keys, ownsConnection: true);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves an index written before the number sets were cut by range: each old set's numbers are copied into their
    /// ranges, then the old key is deleted. Copies are idempotent, so workers opening at once, or one that dies
    /// midway, leave the same ranges; the old key goes only after everything in it is copied.
    /// </summary>
    private static async Task MoveToRangesAsync(IDatabase db, RedisKeys keys)
    {
        if (await db.KeyExistsAsync(keys.OldDocuments).ConfigureAwait(false))
        {
            var numbers = await db.SortedSetRangeByRankAsync(keys.OldDocuments).ConfigureAwait(false);
            foreach (var range in numbers.Select(m => (long)m).GroupBy(keys.Range))
            {
                await db.SortedSetAddAsync(keys.Documents(range.Key), [.. range.Select(n => new SortedSetEntry(n, n))]).ConfigureAwait(false);
            }

            await db.KeyDeleteAsync(keys.OldDocuments).ConfigureAwait(false);
        }

        if (await db.KeyExistsAsync(keys.OldStories).ConfigureAwait(false))
        {
            var stories = await db.SetMembersAsync(keys.OldStories).ConfigureAwait(false);
            foreach (var range in stories.Select(m => (long)m).GroupBy(keys.Range))
            {
                await db.SetAddAsync(keys.Stories(range.Key), [.. range.Select(n => (RedisValue)n)]).ConfigureAwait(false);
            }

            await db.KeyDeleteAsync(keys.OldStories).ConfigureAwait(false);
        }
    }

    public IIndexStore WithPublished(long first, long last) => new RedisIndexStore(connection, Options, keys, ownsConnection: false, seesPublished: true, first, last);

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync(async () => (string?)await db.HashGetAsync(keys.Settings, name).ConfigureAwait(false), cancellationToken);

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default) =>
        RetryAsync(() => db.HashSetAsync(keys.Settings, name, value), cancellationToken);

    public Task<long> NextNumberAsync(CancellationToken cancellationToken = default) =>
        RetryAsync(async () => (long)await db.StringGetAsync(keys.Next).ConfigureAwait(false) + 1, cancellationToken);

    public Task<IReadOnlyList<IndexPosting>> ReadPostingsAsync(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return RetryAsync<IReadOnlyList<IndexPosting>>(async () =>
        {
            long take = limitPerKey == int.MaxValue ? -1 : limitPerKey;
            var batch = db.CreateBatch();
            var lists = new Task<RedisValue[]>[keys.Count];
            for (int i = 0; i < keys.Count; i++)
            {
                var (min, max) = RedisKeys.PostingRange(keys[i]);
                lists[i] = batch.SortedSetRangeByValueAsync(this.keys.Bucket(kind, keys[i]), min, max, Exclude.None, Order.Ascending, 0, take);
            }

            batch.Execute();
            var found = new List<IndexPosting>();
            var more = new List<int>();
            for (int i = 0; i < keys.Count; i++)
            {
                var members = await lists[i].ConfigureAwait(false);
                int kept = Keep(kind, keys[i], members, limitPerKey, found);
                if (kept < members.Length && members.Length == take)
                {
                    more.Add(i); // the writer's own documents filled the limit: read on past them
                }
            }

            if (more.Count > 0)
            {
                var again = db.CreateBatch();
                var rest = more.Select(i => again.SortedSetRangeByValueAsync(this.keys.Bucket(kind, keys[i]), RedisKeys.PostingMember(keys[i], ownLast + 1),
                    RedisKeys.PostingRange(keys[i]).Max, Exclude.None, Order.Ascending, 0, take)).ToList();
                again.Execute();
                for (int k = 0; k < more.Count; k++)
                {
                    int already = found.Count(p => p.Key == keys[more[k]]);
                    Keep(kind, keys[more[k]], await rest[k].ConfigureAwait(false), limitPerKey - already, found);
                }
            }

            return found;
        }, cancellationToken);
    }

    /// <summary>Adds up to <paramref name="limit"/> of <paramref name="members"/> that are not the writer's own; returns how many it looked at and kept.</summary>
    private int Keep(PostingKind kind, ulong key, RedisValue[] members, int limit, List<IndexPosting> into)
    {
        int kept = 0;
        foreach (var member in members)
        {
            long document = RedisKeys.PostingDocument((byte[])member!);
            if (!IsOwn(document) && kept < limit)
            {
                into.Add(new IndexPosting(kind, key, document));
                kept++;
            }
        }

        return kept;
    }

    public Task<IReadOnlyList<IndexedDocument>> ReadDocumentsAsync(IReadOnlyList<long> numbers, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return RetryAsync<IReadOnlyList<IndexedDocument>>(async () =>
        {
            var batch = db.CreateBatch();
            var fields = withText ? FieldsWithText : FieldsWithoutText;
            var reads = numbers.Select(n => batch.HashGetAsync(keys.Document(n), fields)).ToList();
            batch.Execute();
            var found = new List<IndexedDocument>();
            for (int i = 0; i < numbers.Count; i++)
            {
                var values = await reads[i].ConfigureAwait(false);
                if (!values[0].IsNull && IsVisible(numbers[i], values[11]))
                {
                    found.Add(ToDocument(numbers[i], values, withText));
                }
            }

            if (found.Count == 0)
            {
                return found;
            }

            var roots = await RootsAsync(found.Select(d => d.Story)).ConfigureAwait(false);
            return found.Select(d => d with { Story = roots[d.Story] }).ToList();
        }, cancellationToken);
    }

    /// <summary>Reads only the length of each winnow array (<c>HSTRLEN</c>) and the commit flag, not the records.</summary>
    public Task<IReadOnlyList<long>> FindSmallDocumentsAsync(IReadOnlyList<long> numbers, int maxWinnow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return RetryAsync<IReadOnlyList<long>>(async () =>
        {
            var batch = db.CreateBatch();
            var lengths = numbers.Select(n => batch.HashStringLengthAsync(keys.Document(n), "win")).ToList();
            var flags = numbers.Select(n => batch.HashGetAsync(keys.Document(n), ["id", "c"])).ToList();
            batch.Execute();
            var found = new List<long>();
            for (int i = 0; i < numbers.Count; i++)
            {
                var flag = await flags[i].ConfigureAwait(false);
                long bytes = await lengths[i].ConfigureAwait(false);
                if (!flag[0].IsNull && IsVisible(numbers[i], flag[1]) && bytes / sizeof(ulong) <= maxWinnow)
                {
                    found.Add(numbers[i]);
                }
            }

            return found;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<IndexedDocument>> FindDocumentsAsync(IReadOnlyList<string> ids, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var numbers = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAsync(keys.Ids(id), id)).ToList();
            batch.Execute();
            var found = new List<long>();
            foreach (var read in reads)
            {
                var value = await read.ConfigureAwait(false);
                if (!value.IsNull)
                {
                    found.Add((long)value);
                }
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);
        return numbers.Count == 0 ? [] : await ReadDocumentsAsync(numbers, withText, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<long>> ListDocumentsAsync(long after, int count, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<long>>(async () =>
        {
            // Range by range from the one after `after` falls in, up to the range of the last number given.
            long last = keys.Range((long)await db.StringGetAsync(keys.Next).ConfigureAwait(false));
            var found = new List<long>(Math.Min(count, 4096));
            for (long range = keys.Range(Math.Max(after + 1, 0)); range <= last && found.Count < count; range++)
            {
                var members = await db.SortedSetRangeByScoreAsync(keys.Documents(range), after, double.PositiveInfinity, Exclude.Start,
                    Order.Ascending, 0, count - found.Count).ConfigureAwait(false);
                found.AddRange(members.Select(m => (long)m));
            }

            return found;
        }, cancellationToken);

    public Task<IReadOnlyList<long>> ReadStoryAsync(long story, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<long>>(async () =>
        {
            var batch = db.CreateBatch();
            var link = batch.KeyExistsAsync(keys.StoryLink(story));
            var read = batch.SortedSetRangeByRankAsync(keys.Story(story));
            batch.Execute();
            if (await link.ConfigureAwait(false))
            {
                return []; // merged into another story
            }

            var members = (await read.ConfigureAwait(false)).Select(m => (long)m).ToList();
            var committed = await CommittedAsync(members).ConfigureAwait(false);
            return members.Where(committed.Contains).Order().ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<IndexedRelation>> ReadRelationsAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return RetryAsync<IReadOnlyList<IndexedRelation>>(async () =>
        {
            var batch = db.CreateBatch();
            var reads = documents.Select(n => batch.HashGetAllAsync(keys.Relations(n))).ToList();
            batch.Execute();
            var all = new List<(long A, long B, RedisValue Json)>();
            for (int i = 0; i < documents.Count; i++)
            {
                foreach (var entry in await reads[i].ConfigureAwait(false))
                {
                    long other = (long)entry.Name;
                    var (a, b) = other < documents[i] ? (other, documents[i]) : (documents[i], other);
                    all.Add((a, b, entry.Value));
                }
            }

            // A relation is there once both its documents are committed.
            var committed = await CommittedAsync(all.SelectMany(r => new[] { r.A, r.B })).ConfigureAwait(false);
            var seen = new HashSet<(long, long)>();
            var found = new List<IndexedRelation>();
            foreach (var (a, b, json) in all)
            {
                if (committed.Contains(a) && committed.Contains(b) && seen.Add((a, b)))
                {
                    found.Add(new IndexedRelation(a, b, RelationJson.Read(json!)));
                }
            }

            return found;
        }, cancellationToken);
    }


    /// <summary>Counts of this index (its key prefix); bytes are 0: Redis memory is the cluster's, read with <c>INFO memory</c>.</summary>
    public Task<IndexStats> ReadStatsAsync(CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            long last = keys.Range((long)await db.StringGetAsync(keys.Next).ConfigureAwait(false));
            var batch = db.CreateBatch();
            var documents = new List<Task<long>>();
            var stories = new List<Task<long>>();
            for (long range = 0; range <= last; range++)
            {
                documents.Add(batch.SortedSetLengthAsync(keys.Documents(range)));
                stories.Add(batch.SetLengthAsync(keys.Stories(range)));
            }

            var counts = batch.HashGetAsync(keys.Counters, ["relations", "postings"]);
            batch.Execute();
            var c = await counts.ConfigureAwait(false);
            return new IndexStats((await Task.WhenAll(documents).ConfigureAwait(false)).Sum(), (await Task.WhenAll(stories).ConfigureAwait(false)).Sum(),
                (long)c[0], (long)c[1], 0);
        }, cancellationToken);

    /// <summary>Nothing to do: Redis gives back a key's memory when the key is emptied.</summary>
    public Task CompactAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task AddKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RetryAsync(() => db.HashSetAsync(keys.ApiKeys, key.Hash, JsonSerializer.Serialize(key, RelationJson.Options)), cancellationToken);
    }

    public Task<ApiKey?> FindKeyAsync(string hash, CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            var value = await db.HashGetAsync(keys.ApiKeys, hash).ConfigureAwait(false);
            return value.IsNull ? null : JsonSerializer.Deserialize<ApiKey>((string)value!, RelationJson.Options);
        }, cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<ApiKey>>(async () =>
        {
            var all = await db.HashValuesAsync(keys.ApiKeys).ConfigureAwait(false);
            return all.Select(v => JsonSerializer.Deserialize<ApiKey>((string)v!, RelationJson.Options)!).OrderBy(k => k.Created).ToList();
        }, cancellationToken);

    public async Task<bool> RevokeKeyAsync(string id, DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        var key = (await ListKeysAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == id && k.Revoked is null);
        if (key is null)
        {
            return false;
        }

        await AddKeyAsync(key with { Revoked = when }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose()
    {
        if (ownsConnection)
        {
            connection.Dispose();
        }
    }

    private IEnumerable<IServer> Primaries() =>
        connection.GetEndPoints().Select(e => connection.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica);

    private bool IsOwn(long number) => number >= ownFirst && number <= ownLast;

    /// <summary>Whether a reader of this view sees a document with commit flag <paramref name="committed"/>.</summary>
    private bool IsVisible(long number, RedisValue committed) => !committed.IsNull || (seesPublished && !IsOwn(number));

    /// <summary>Those of <paramref name="numbers"/> whose records are committed.</summary>
    private async Task<HashSet<long>> CommittedAsync(IEnumerable<long> numbers)
    {
        var distinct = numbers.Distinct().ToList();
        var batch = db.CreateBatch();
        var reads = distinct.Select(n => batch.HashExistsAsync(keys.Document(n), "c")).ToList();
        batch.Execute();
        var committed = new HashSet<long>();
        for (int i = 0; i < distinct.Count; i++)
        {
            if (await reads[i].ConfigureAwait(false))
            {
                committed.Add(distinct[i]);
            }
        }

        return committed;
    }

    private static IndexedDocument ToDocument(long number, RedisValue[] v, bool withText)
    {
        byte[] signature = v[2]!;
        byte[] winnow = v[3]!;
        return new IndexedDocument(number, v[0]!, ulong.Parse((string)v[1]!, CultureInfo.InvariantCulture),
            MemoryMarshal.Cast<byte, uint>(signature).ToArray(), MemoryMarshal.Cast<byte, ulong>(winnow).ToArray(), (int)v[4], (long)v[5])
        {
            Url = v[6].IsNull ? null : (string?)v[6],
            Source = v[7].IsNull ? null : (string?)v[7],
            Published = v[8].IsNull ? null : DateTimeOffset.Parse((string)v[8]!, CultureInfo.InvariantCulture),
            Vector = v[9].IsNull ? null : MemoryMarshal.Cast<byte, float>((byte[])v[9]!).ToArray(),
            Entities = v[10].IsNull ? null : MemoryMarshal.Cast<byte, ulong>((byte[])v[10]!).ToArray(),
            Text = withText ? (string?)v[12] : null,
        };
    }

    /// <summary>Retries network errors, timeouts and cluster failovers with exponential backoff.</summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && Stopwatch.GetElapsedTime(start) < Options.RetryFor)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private async Task RetryAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await RetryAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    private static bool IsTransient(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException s => s.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || s.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
            || s.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || s.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        RedisReplicasNotAcknowledgedException => true,
        _ => false,
    };
}
