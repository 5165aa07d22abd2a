using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>
/// The index on Redis Cluster (or one Redis server), shared by any number of worker processes. Documents, relations,
/// story members and posting lists are Redis hashes and sorted sets (layout in docs/SCALING.md); reads of many keys go
/// out as one pipelined batch.
/// </summary>
/// <remarks>
/// <para>Writers take an index-wide lock (a key with a lease, renewed while held), so each document is matched against
/// everything any worker has committed, re-adding an id is idempotent and two workers never start the same story
/// twice; fingerprinting, the costly part, runs outside the lock in every worker.</para>
/// <para>A commit writes the batch to a journal key (only while the lock is still held), applies it, moves the
/// document counter and deletes the journal; readers hide documents at or above the counter, and a worker that dies
/// half way leaves the journal for the next lock holder to apply. With <see cref="RedisStoreOptions.ReplicasToAcknowledge"/>
/// a commit returns after every primary's replica has it (<c>WAIT</c>), so a failover loses no acknowledged batch.
/// Network errors, timeouts and failovers are retried with backoff for <see cref="RedisStoreOptions.RetryFor"/>.</para>
/// </remarks>
internal sealed partial class RedisIndexStore : IIndexStore
{
    private static readonly RedisValue[] FieldsWithoutText = ["id", "ch", "sig", "win", "tc", "story", "url", "src", "pub", "vec", "ent"];
    private static readonly RedisValue[] FieldsWithText = [.. FieldsWithoutText, "text"];
    private readonly ConnectionMultiplexer connection;
    private readonly IDatabase db;
    private readonly RedisKeys keys;

    private RedisIndexStore(ConnectionMultiplexer connection, RedisStoreOptions options)
    {
        this.connection = connection;
        Options = options;
        db = connection.GetDatabase();
        keys = new RedisKeys(options.KeyPrefix);
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

        return new RedisIndexStore(connection, options);
    }

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync(async () => (string?)await db.HashGetAsync(keys.Settings, name).ConfigureAwait(false), cancellationToken);

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default) =>
        RetryAsync(() => db.HashSetAsync(keys.Settings, name, value), cancellationToken);

    public Task<long> NextNumberAsync(CancellationToken cancellationToken = default) => RetryAsync(WatermarkAsync, cancellationToken);

    public Task<IReadOnlyList<IndexPosting>> ReadPostingsAsync(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return RetryAsync<IReadOnlyList<IndexPosting>>(async () =>
        {
            var batch = db.CreateBatch();
            var next = batch.StringGetAsync(this.keys.Next);
            var lists = new Task<RedisValue[]>[keys.Count];
            for (int i = 0; i < keys.Count; i++)
            {
                lists[i] = batch.SortedSetRangeByRankAsync(this.keys.Posting(kind, keys[i]), 0, limitPerKey - 1);
            }

            batch.Execute();
            long watermark = Watermark(await next.ConfigureAwait(false));
            var found = new List<IndexPosting>();
            for (int i = 0; i < keys.Count; i++)
            {
                foreach (var member in await lists[i].ConfigureAwait(false))
                {
                    long document = (long)member;
                    if (document < watermark)
                    {
                        found.Add(new IndexPosting(kind, keys[i], document));
                    }
                }
            }

            return found;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<IndexedDocument>> ReadDocumentsAsync(IReadOnlyList<long> numbers, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return RetryAsync<IReadOnlyList<IndexedDocument>>(async () =>
        {
            var batch = db.CreateBatch();
            var next = batch.StringGetAsync(keys.Next);
            var fields = withText ? FieldsWithText : FieldsWithoutText;
            var reads = numbers.Select(n => batch.HashGetAsync(keys.Document(n), fields)).ToList();
            batch.Execute();
            long watermark = Watermark(await next.ConfigureAwait(false));
            var found = new List<IndexedDocument>();
            for (int i = 0; i < numbers.Count; i++)
            {
                var values = await reads[i].ConfigureAwait(false);
                if (numbers[i] < watermark && !values[0].IsNull)
                {
                    found.Add(ToDocument(numbers[i], values, withText));
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
            long watermark = await WatermarkAsync().ConfigureAwait(false);
            var members = await db.SortedSetRangeByScoreAsync(keys.Documents, after, watermark, Exclude.Both, Order.Ascending, 0, count).ConfigureAwait(false);
            return members.Select(m => (long)m).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<long>> ReadStoryAsync(long story, CancellationToken cancellationToken = default) =>
        RetryAsync<IReadOnlyList<long>>(async () =>
        {
            long watermark = await WatermarkAsync().ConfigureAwait(false);
            var members = await db.SortedSetRangeByRankAsync(keys.Story(story)).ConfigureAwait(false);
            return members.Select(m => (long)m).Where(n => n < watermark).Order().ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<IndexedRelation>> ReadRelationsAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return RetryAsync<IReadOnlyList<IndexedRelation>>(async () =>
        {
            var batch = db.CreateBatch();
            var next = batch.StringGetAsync(keys.Next);
            var reads = documents.Select(n => batch.HashGetAllAsync(keys.Relations(n))).ToList();
            batch.Execute();
            long watermark = Watermark(await next.ConfigureAwait(false));
            var seen = new HashSet<(long, long)>();
            var found = new List<IndexedRelation>();
            for (int i = 0; i < documents.Count; i++)
            {
                foreach (var entry in await reads[i].ConfigureAwait(false))
                {
                    long other = (long)entry.Name;
                    var (a, b) = other < documents[i] ? (other, documents[i]) : (documents[i], other);
                    if (b < watermark && seen.Add((a, b)))
                    {
                        found.Add(new IndexedRelation(a, b, RelationJson.Read(entry.Value!)));
                    }
                }
            }

            return found;
        }, cancellationToken);
    }

    /// <summary>Counts of this index (its key prefix); bytes are 0: Redis memory is the cluster's, read with <c>INFO memory</c>.</summary>
    public Task<IndexStats> ReadStatsAsync(CancellationToken cancellationToken = default) =>
        RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var documents = batch.SortedSetLengthAsync(keys.Documents);
            var stories = batch.SetLengthAsync(keys.Stories);
            var counts = batch.HashGetAsync(keys.Counters, ["relations", "postings"]);
            batch.Execute();
            var c = await counts.ConfigureAwait(false);
            return new IndexStats(await documents.ConfigureAwait(false), await stories.ConfigureAwait(false), (long)c[0], (long)c[1], 0);
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

    public void Dispose() => connection.Dispose();

    private IEnumerable<IServer> Primaries() =>
        connection.GetEndPoints().Select(e => connection.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica);

    private async Task<long> WatermarkAsync() => Watermark(await db.StringGetAsync(keys.Next).ConfigureAwait(false));

    private static long Watermark(RedisValue next) => next.IsNull ? 1 : (long)next;

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
            Text = withText ? (string?)v[11] : null,
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
