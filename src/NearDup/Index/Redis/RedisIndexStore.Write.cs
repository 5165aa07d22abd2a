using System.Globalization;
using System.Runtime.InteropServices;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>Removing: the index-wide lock, the journal and the idempotent steps that apply a removal (adds take no lock: RedisIndexStore.Shared.cs).</summary>
internal sealed partial class RedisIndexStore
{
    private const string JournalScript = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[2], ARGV[2]) return 1 else return 0 end";
    private RedisWriteLock? held;

    /// <summary>Takes the index-wide write lock (waiting for it), then applies a batch a dead worker left half done.</summary>
    public async Task<IAsyncDisposable?> LockWritesAsync(CancellationToken cancellationToken = default)
    {
        string token = Guid.NewGuid().ToString("N");
        var delay = TimeSpan.FromMilliseconds(2);
        while (!await RetryAsync(() => db.StringSetAsync(keys.Lock, token, Options.LockLease, When.NotExists), cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }

        var writeLock = new RedisWriteLock(db, keys.Lock, token, Options.LockLease);
        try
        {
            byte[]? left = await RetryAsync(async () => (byte[]?)await db.StringGetAsync(keys.Journal).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (left is not null)
            {
                await ApplyAsync(RedisJournal.Read(left), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await writeLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        held = writeLock;
        return new Release(this, writeLock);
    }

    /// <summary>Applies a removal (documents are added through <see cref="ISharedIndexStore"/>, never here).</summary>
    public async Task CommitAsync(IndexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Documents.Count > 0 || batch.Postings.Count > 0 || batch.Relations.Count > 0 || batch.StoryMoves.Count > 0)
        {
            throw new NotSupportedException("Documents are added to a Redis index by publishing and committing them (ISharedIndexStore), not in an IndexBatch.");
        }

        var journal = RedisJournal.Of(batch);
        if (held is { } writeLock)
        {
            // Fenced: the journal is written only while this worker still holds the lock.
            var written = await RetryAsync(() => db.ScriptEvaluateAsync(JournalScript, [keys.Lock, keys.Journal], [writeLock.Token, journal.Write()]), cancellationToken).ConfigureAwait(false);
            if ((long)written != 1)
            {
                throw new InvalidOperationException("This worker lost the index's write lock (its lease ran out); the batch was not written.");
            }
        }
        else
        {
            await RetryAsync(() => db.StringSetAsync(keys.Journal, journal.Write()), cancellationToken).ConfigureAwait(false);
        }

        await ApplyAsync(journal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a journal: every step is idempotent, so a journal applied twice gives what it gives once.</summary>
    private async Task ApplyAsync(RedisJournal j, CancellationToken cancellationToken)
    {
        await RetryAsync(() => RemoveAsync(j), cancellationToken).ConfigureAwait(false);
        await RetryAsync(() => AssignStoriesAsync(j), cancellationToken).ConfigureAwait(false);
        await RetryAsync(async () =>
        {
            await db.KeyDeleteAsync(keys.Journal).ConfigureAwait(false);
            await WaitForReplicasAsync().ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveAsync(RedisJournal j)
    {
        if (j.Removed.Count == 0 && j.RemovedPostings.Count == 0)
        {
            return;
        }

        var read = db.CreateBatch();
        var docs = j.Removed.Select(n => read.HashGetAsync(keys.Document(n), ["id", "story"])).ToList();
        var relations = j.Removed.Select(n => read.HashKeysAsync(keys.Relations(n))).ToList();
        read.Execute();
        var storyOf = new Dictionary<long, long>();
        foreach (var (n, doc) in j.Removed.Zip(docs))
        {
            var values = await doc.ConfigureAwait(false);
            if (!values[1].IsNull)
            {
                storyOf[n] = (long)values[1];
            }
        }

        var roots = await RootsAsync(storyOf.Values).ConfigureAwait(false);
        var write = db.CreateBatch();
        var pending = new List<Task>();
        long relationsGone = 0;
        var removed = j.Removed.ToHashSet();
        for (int i = 0; i < j.Removed.Count; i++)
        {
            long n = j.Removed[i];
            var doc = await docs[i].ConfigureAwait(false);
            foreach (var other in await relations[i].ConfigureAwait(false))
            {
                long o = (long)other;
                relationsGone += removed.Contains(o) && o < n ? 0 : 1;
                pending.Add(write.HashDeleteAsync(keys.Relations(o), n));
            }

            pending.Add(write.KeyDeleteAsync([keys.Document(n), keys.Relations(n)]));
            pending.Add(write.SortedSetRemoveAsync(keys.DocumentsOf(n), n));
            if (!doc[0].IsNull)
            {
                pending.Add(write.HashDeleteAsync(keys.Ids((string)doc[0]!), doc[0]));
                pending.Add(write.SortedSetRemoveAsync(keys.Story(roots[storyOf[n]]), n));
            }
        }

        var postings = j.RemovedPostings.Select(p => write.SortedSetRemoveAsync(keys.Bucket(p.Kind, p.Key), RedisKeys.PostingMember(p.Key, p.Document))).ToList();
        write.Execute();
        await Task.WhenAll(pending).ConfigureAwait(false);
        long postingsGone = 0;
        foreach (var p in postings)
        {
            postingsGone += await p.ConfigureAwait(false) ? 1 : 0;
        }

        await AddCountsAsync(-relationsGone, -postingsGone).ConfigureAwait(false);
        await ForgetEmptyStoriesAsync([.. roots.Values]).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits a story where a removal disconnected it: every member of the old story first points straight at its
    /// root (so no member reaches a split-off story through an old link), then each moved member joins its new story,
    /// which becomes a root again.
    /// </summary>
    private async Task AssignStoriesAsync(RedisJournal j)
    {
        if (j.StoryAssignments.Count == 0)
        {
            return;
        }

        var read = db.CreateBatch();
        var old = j.StoryAssignments.Keys.Select(n => (n, read.HashGetAsync(keys.Document(n), "story"))).ToList();
        read.Execute();
        var was = new Dictionary<long, long>();
        foreach (var (n, story) in old)
        {
            var value = await story.ConfigureAwait(false);
            if (!value.IsNull)
            {
                was[n] = (long)value;
            }
        }

        var roots = await RootsAsync(was.Values).ConfigureAwait(false);
        var emptied = roots.Values.Distinct().ToList();
        var write = db.CreateBatch();
        var pending = new List<Task>();
        foreach (long root in emptied)
        {
            foreach (var m in await db.SortedSetRangeByRankAsync(keys.Story(root)).ConfigureAwait(false))
            {
                pending.Add(write.HashSetAsync(keys.Document((long)m), "story", root));
            }
        }

        foreach (var (n, to) in j.StoryAssignments)
        {
            if (was.TryGetValue(n, out long story))
            {
                pending.Add(write.SortedSetRemoveAsync(keys.Story(roots[story]), n));
            }

            pending.Add(write.KeyDeleteAsync(keys.StoryLink(to)));
            pending.Add(write.SortedSetAddAsync(keys.Story(to), n, n));
            pending.Add(write.SetAddAsync(keys.StoriesOf(to), to));
            pending.Add(write.HashSetAsync(keys.Document(n), "story", to));
        }

        write.Execute();
        await Task.WhenAll(pending).ConfigureAwait(false);
        await ForgetEmptyStoriesAsync(emptied).ConfigureAwait(false);
    }

    private async Task AddCountsAsync(long relations, long postings)
    {
        if (relations != 0)
        {
            await db.HashIncrementAsync(keys.Counters, "relations", relations).ConfigureAwait(false);
        }

        if (postings != 0)
        {
            await db.HashIncrementAsync(keys.Counters, "postings", postings).ConfigureAwait(false);
        }
    }

    private async Task ForgetEmptyStoriesAsync(List<long> stories)
    {
        foreach (long story in stories.Distinct())
        {
            if (await db.SortedSetLengthAsync(keys.Story(story)).ConfigureAwait(false) == 0)
            {
                await db.SetRemoveAsync(keys.StoriesOf(story), story).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>WAIT</c> on every primary for <see cref="RedisStoreOptions.ReplicasToAcknowledge"/> replicas (fewer when a
    /// primary has fewer connected, as right after a failover), so an acknowledged commit outlives its primary.
    /// </summary>
    private async Task WaitForReplicasAsync()
    {
        if (Options.ReplicasToAcknowledge == 0)
        {
            return;
        }

        foreach (var server in Primaries())
        {
            long acknowledged;
            try
            {
                acknowledged = (long)await server.ExecuteAsync("WAIT", Options.ReplicasToAcknowledge, 2000).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.Contains("replica", StringComparison.Ordinal))
            {
                // A primary demoted by a failover: it holds none of our writes now; learn the new roles.
                await connection.ReconfigureAsync("a primary became a replica").ConfigureAwait(false);
                continue;
            }

            if (acknowledged < Options.ReplicasToAcknowledge)
            {
                var info = await server.InfoAsync("replication").ConfigureAwait(false);
                var connected = info.SelectMany(g => g).FirstOrDefault(p => p.Key == "connected_slaves");
                long replicas = long.TryParse(connected.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long r) ? r : 0;
                if (acknowledged < Math.Min(replicas, Options.ReplicasToAcknowledge))
                {
                    throw new RedisReplicasNotAcknowledgedException($"{server.EndPoint}: {acknowledged} of {replicas} replicas acknowledged the commit.");
                }
            }
        }
    }

    private static HashEntry[] Fields(IndexedDocument d)
    {
        var fields = new List<HashEntry>(10)
        {
            new("id", d.Id),
            new("ch", d.ContentHash.ToString(CultureInfo.InvariantCulture)),
            new("sig", MemoryMarshal.AsBytes(d.Signature.AsSpan()).ToArray()),
            new("win", MemoryMarshal.AsBytes(d.Winnow.AsSpan()).ToArray()),
            new("tc", d.TokenCount),
            new("story", d.Story),
        };
        if (d.Text is { } text)
        {
            fields.Add(new("text", text));
        }

        if (d.Vector is { } vector)
        {
            fields.Add(new("vec", MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()));
        }

        if (d.Entities is { } entities)
        {
            fields.Add(new("ent", MemoryMarshal.AsBytes(entities.AsSpan()).ToArray()));
        }

        if (d.Url is { } url)
        {
            fields.Add(new("url", url));
        }

        if (d.Source is { } source)
        {
            fields.Add(new("src", source));
        }

        if (d.Published is { } published)
        {
            fields.Add(new("pub", published.ToString("O", CultureInfo.InvariantCulture)));
        }

        return [.. fields];
    }

    /// <summary>Frees the lock and forgets it.</summary>
    private sealed class Release(RedisIndexStore store, RedisWriteLock writeLock) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            store.held = null;
            await writeLock.DisposeAsync().ConfigureAwait(false);
        }
    }
}
