using System.Buffers.Binary;
using System.Globalization;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>Adding without an index-wide lock: numbers, publishing, committing (<see cref="ISharedIndexStore"/>).</summary>
internal sealed partial class RedisIndexStore
{
    // Takes over an id claimed by a document whose writer died: only while the claim is still that document's.
    private const string TakeOverScript = "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('hdel', KEYS[1], ARGV[1]) return 1 else return 0 end";

    // Batches the commit log keeps (about: trimmed approximately); a reader that falls further behind reads the index again.
    private const int CommitLogLength = 1 << 16;

    public Task<long> ReserveNumbersAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // A retried INCRBY may skip numbers: numbers are unique, not dense.
        return RetryAsync(async () => await db.StringIncrementAsync(keys.Next, count).ConfigureAwait(false) - count + 1, cancellationToken);
    }

    public async Task<IReadOnlyList<long?>> PublishAsync(IReadOnlyList<(IndexedDocument Document, List<IndexPosting> Postings)> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        string now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Records first (no commit flag: readers skip them), so that a claim always names a record.
        await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var writes = documents.Select(d => batch.HashSetAsync(keys.Document(d.Document.Number), [.. Fields(d.Document), new("t", now)])).ToList();
            batch.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        // Then the ids: the first writer of an id holds it (a retry finds its own claim).
        var holders = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var claims = documents.Select(d => batch.HashSetAsync(keys.Ids(d.Document.Id), d.Document.Id, d.Document.Number, When.NotExists)).ToList();
            var held = documents.Select(d => batch.HashGetAsync(keys.Ids(d.Document.Id), d.Document.Id)).ToList();
            batch.Execute();
            var found = new long?[documents.Count];
            for (int i = 0; i < documents.Count; i++)
            {
                await claims[i].ConfigureAwait(false);
                long holder = (long)await held[i].ConfigureAwait(false);
                found[i] = holder == documents[i].Document.Number ? null : holder;
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        // The documents that lost their id are dropped; the others' postings are filed (ZADD is idempotent).
        long filed = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var writes = new List<Task<bool>>();
            var drops = new List<Task>();
            for (int i = 0; i < documents.Count; i++)
            {
                if (holders[i] is not null)
                {
                    drops.Add(batch.KeyDeleteAsync(keys.Document(documents[i].Document.Number)));
                    continue;
                }

                foreach (var p in documents[i].Postings)
                {
                    writes.Add(batch.SortedSetAddAsync(keys.Bucket(p.Kind, p.Key), RedisKeys.PostingMember(p.Key, p.Document), 0));
                }
            }

            batch.Execute();
            await Task.WhenAll(drops).ConfigureAwait(false);
            long added = 0;
            foreach (var w in writes)
            {
                added += await w.ConfigureAwait(false) ? 1 : 0;
            }

            return added;
        }, cancellationToken).ConfigureAwait(false);
        if (filed > 0)
        {
            await RetryAsync(() => db.HashIncrementAsync(keys.Counters, "postings", filed), cancellationToken).ConfigureAwait(false);
        }

        return holders;
    }

    public async Task WithdrawPostingsAsync(IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postings);
        long removed = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var writes = postings.Select(p => batch.SortedSetRemoveAsync(keys.Bucket(p.Kind, p.Key), RedisKeys.PostingMember(p.Key, p.Document))).ToList();
            batch.Execute();
            long count = 0;
            foreach (var w in writes)
            {
                count += await w.ConfigureAwait(false) ? 1 : 0;
            }

            return count;
        }, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            await RetryAsync(() => db.HashIncrementAsync(keys.Counters, "postings", -removed), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<IndexedDocument?>> AwaitHoldersAsync(IReadOnlyList<(string Id, long Holder)> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var found = new IndexedDocument?[claims.Count];
        var delay = TimeSpan.FromMilliseconds(5);
        var open = Enumerable.Range(0, claims.Count).ToList();
        while (open.Count > 0)
        {
            var (states, times) = await RetryAsync(async () =>
            {
                var batch = db.CreateBatch();
                var reads = open.Select(i => batch.HashGetAsync(keys.Document(claims[i].Holder), ["id", "c", "t"])).ToList();
                batch.Execute();
                var values = new RedisValue[open.Count][];
                for (int k = 0; k < open.Count; k++)
                {
                    values[k] = await reads[k].ConfigureAwait(false);
                }

                return (values, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }, cancellationToken).ConfigureAwait(false);
            var still = new List<int>();
            var committed = new List<int>();
            for (int k = 0; k < open.Count; k++)
            {
                int i = open[k];
                var v = states[k];
                if (!v[1].IsNull)
                {
                    committed.Add(i);
                }
                else if (v[0].IsNull || times - (long)v[2] > (long)Options.PendingTimeout.TotalMilliseconds)
                {
                    // The holder's writer died (or its record is gone): free the claim; the caller adds the document again.
                    await RetryAsync(() => db.ScriptEvaluateAsync(TakeOverScript, [keys.Ids(claims[i].Id)], [claims[i].Id, claims[i].Holder]), cancellationToken).ConfigureAwait(false);
                    await RetryAsync(() => db.KeyDeleteAsync(keys.Document(claims[i].Holder)), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    still.Add(i);
                }
            }

            if (committed.Count > 0)
            {
                var docs = (await ReadDocumentsAsync([.. committed.Select(i => claims[i].Holder)], withText: false, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Number);
                foreach (int i in committed)
                {
                    found[i] = docs.GetValueOrDefault(claims[i].Holder);
                }
            }

            open = still;
            if (open.Count > 0)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }

        return found;
    }

    public async Task CommitPublishedAsync(IReadOnlyList<long> documents, IReadOnlyList<IndexedRelation> relations, IReadOnlyList<(long Document, long Other)> bonds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(relations);
        ArgumentNullException.ThrowIfNull(bonds);
        var own = documents.ToHashSet();

        // 1. Relations on the other documents' side (their slots); readers skip them until this side is committed.
        long related = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var writes = new List<(IndexedRelation Relation, Task<bool> Write)>();
            foreach (var r in relations)
            {
                if (!own.Contains(r.A))
                {
                    writes.Add((r, batch.HashSetAsync(keys.Relations(r.A), r.B, RelationJson.Write(r.Relation), When.NotExists)));
                }
            }

            batch.Execute();
            long counted = 0;
            foreach (var (r, write) in writes)
            {
                // Counted once, on the smaller number's side (two writers may both relate a pair).
                counted += await write.ConfigureAwait(false) && r.A < r.B ? 1 : 0;
            }

            return counted;
        }, cancellationToken).ConfigureAwait(false);

        // 2. Story unions, one by one (each a transaction on the story it links), then each document joins its root.
        foreach (var (document, other) in bonds)
        {
            await RetryAsync(() => UnionAsync(document, other), cancellationToken).ConfigureAwait(false);
        }

        var roots = await RetryAsync(() => JoinAsync(documents), cancellationToken).ConfigureAwait(false);

        // 3. Each record with its own relations in one MULTI/EXEC on its slot: the commit point of the document.
        var relationsOf = relations.Where(r => own.Contains(r.A)).Select(r => (Side: r.A, Other: r.B, r.Relation))
            .Concat(relations.Where(r => own.Contains(r.B)).Select(r => (Side: r.B, Other: r.A, r.Relation)))
            .ToLookup(r => r.Side);
        related += await RetryAsync(async () =>
        {
            var transactions = new List<(long Document, Task<bool> Existed, Task<bool> Done)>();
            var writes = new List<(long Side, long Other, Task<bool> Write)>();
            foreach (long n in documents)
            {
                var tran = db.CreateTransaction();
                var existed = tran.HashExistsAsync(keys.Document(n), "id");
                _ = tran.HashSetAsync(keys.Document(n), [new("story", roots[n]), new("c", 1)]);
                foreach (var (side, other, relation) in relationsOf[n])
                {
                    writes.Add((side, other, tran.HashSetAsync(keys.Relations(n), other, RelationJson.Write(relation), When.NotExists)));
                }

                transactions.Add((n, existed, tran.ExecuteAsync()));
            }

            foreach (var (n, existed, done) in transactions)
            {
                await done.ConfigureAwait(false);
                if (!await existed.ConfigureAwait(false))
                {
                    await db.KeyDeleteAsync([keys.Document(n), keys.Relations(n)]).ConfigureAwait(false);
                    throw new InvalidOperationException($"Document {n} was taken over by another worker (this one held it longer than PendingTimeout); it was not committed.");
                }
            }

            long counted = 0;
            foreach (var (side, other, write) in writes)
            {
                counted += await write.ConfigureAwait(false) && side < other ? 1 : 0;
            }

            return counted;
        }, cancellationToken).ConfigureAwait(false);

        await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var writes = documents.GroupBy(keys.Range)
                .Select(range => (Task)batch.SortedSetAddAsync(keys.Documents(range.Key), [.. range.Select(n => new SortedSetEntry(n, n))]))
                .ToList();
            if (related > 0)
            {
                writes.Add(batch.HashIncrementAsync(keys.Counters, "relations", related));
            }

            // The commit log, for other workers' in-memory vector search; a retry may log a batch twice (readers skip
            // numbers they hold). Trimmed near its last CommitLogLength batches.
            var logged = new byte[documents.Count * sizeof(long)];
            for (int i = 0; i < documents.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(logged.AsSpan(i * sizeof(long)), documents[i]);
            }

            writes.Add(batch.StreamAddAsync(keys.CommitLog, "n", logged, maxLength: CommitLogLength, useApproximateMaxLength: true));
            batch.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
            related = 0; // a retry must not count them twice
            await WaitForReplicasAsync().ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// A position is <c>id/count</c>: the last stream entry read and how many entries the stream had taken in by then
    /// (XINFO's <c>entries-added</c>, which trimming does not lower). Reading on, the entries after the id up to the
    /// stream's last id must number the difference of the counts; fewer means some were trimmed before they were read.
    /// </remarks>
    public Task<(string Position, IReadOnlyList<long>? Documents)> CommittedSinceAsync(string? position, CancellationToken cancellationToken = default) =>
        RetryAsync<(string, IReadOnlyList<long>?)>(async () =>
        {
            long seen = 0;
            string from = "0-0";
            if (position is not null)
            {
                int slash = position.IndexOf('/', StringComparison.Ordinal);
                from = position[..slash];
                seen = long.Parse(position.AsSpan(slash + 1), CultureInfo.InvariantCulture);
            }

            if (!await db.KeyExistsAsync(keys.CommitLog).ConfigureAwait(false))
            {
                // Nothing committed yet (or the index was emptied since: read it again).
                return (position ?? "0-0/0", seen == 0 ? [] : null);
            }

            string last = "0-0";
            long added = 0;
            var info = (RedisResult[])(await db.ExecuteAsync("XINFO", "STREAM", keys.CommitLog).ConfigureAwait(false))!;
            for (int i = 0; i + 1 < info.Length; i += 2)
            {
                switch ((string?)info[i])
                {
                    case "last-generated-id":
                        last = (string)info[i + 1]!;
                        break;
                    case "entries-added":
                        added = (long)info[i + 1];
                        break;
                }
            }

            string now = string.Create(CultureInfo.InvariantCulture, $"{last}/{added}");
            if (position is null || added == seen)
            {
                return (now, []);
            }

            var numbers = new List<long>();
            long read = 0;
            for (string after = from; ;)
            {
                var entries = await db.StreamRangeAsync(keys.CommitLog, "(" + after, last, 1024).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    byte[] logged = (byte[])entry["n"]!;
                    for (int at = 0; at + sizeof(long) <= logged.Length; at += sizeof(long))
                    {
                        numbers.Add(BinaryPrimitives.ReadInt64LittleEndian(logged.AsSpan(at)));
                    }

                    after = (string)entry.Id!;
                }

                read += entries.Length;
                if (entries.Length < 1024)
                {
                    break;
                }
            }

            return read == added - seen ? (now, numbers) : (position, null);
        }, cancellationToken);

    public async Task<IReadOnlyList<long>> StoriesOfAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var stories = await RetryAsync(async () =>
        {
            var batch = db.CreateBatch();
            var reads = documents.Select(n => batch.HashGetAsync(keys.Document(n), "story")).ToList();
            batch.Execute();
            var found = new long[documents.Count];
            for (int i = 0; i < documents.Count; i++)
            {
                var story = await reads[i].ConfigureAwait(false);
                found[i] = story.IsNull ? documents[i] : (long)story;
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);
        var roots = await RetryAsync(() => RootsAsync(stories), cancellationToken).ConfigureAwait(false);
        return stories.Select(s => roots[s]).ToList();
    }
}
