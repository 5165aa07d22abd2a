using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>
/// Stories as a union-find over story numbers, shared by all workers: a merged story keeps a link to the story it was
/// merged into (<see cref="RedisKeys.StoryLink"/>), set once, in a transaction that only succeeds while the story is
/// still a root (WATCH), the smaller number surviving; so concurrent merges never lose a member nor make a cycle.
/// </summary>
internal sealed partial class RedisIndexStore
{
    // A member joins a story only while the story is a root (its link key absent); atomic on the story's slot.
    private const string JoinScript = "if redis.call('exists', KEYS[1]) == 1 then return 0 end redis.call('zadd', KEYS[2], ARGV[1], ARGV[1]) return 1";

    /// <summary>The root of each of <paramref name="stories"/>: its links followed, one pipelined round trip a hop.</summary>
    private async Task<Dictionary<long, long>> RootsAsync(IEnumerable<long> stories)
    {
        var roots = new Dictionary<long, long>();
        foreach (long s in stories)
        {
            roots[s] = s;
        }

        var open = roots.Keys.ToList();
        while (open.Count > 0)
        {
            var batch = db.CreateBatch();
            var links = open.Select(s => batch.StringGetAsync(keys.StoryLink(roots[s]))).ToList();
            batch.Execute();
            var next = new List<long>();
            for (int i = 0; i < open.Count; i++)
            {
                var up = await links[i].ConfigureAwait(false);
                if (!up.IsNull)
                {
                    roots[open[i]] = (long)up;
                    next.Add(open[i]);
                }
            }

            open = next;
        }

        return roots;
    }

    /// <summary>Merges the stories of <paramref name="a"/> and <paramref name="b"/> (story or document numbers): the larger root is linked under the smaller.</summary>
    private async Task UnionAsync(long a, long b)
    {
        while (true)
        {
            var roots = await RootsAsync([a, b]).ConfigureAwait(false);
            long ra = roots[a], rb = roots[b];
            if (ra == rb)
            {
                return;
            }

            var (keep, drop) = ra < rb ? (ra, rb) : (rb, ra);
            var tran = db.CreateTransaction();
            tran.AddCondition(Condition.KeyNotExists(keys.StoryLink(drop)));
            _ = tran.StringSetAsync(keys.StoryLink(drop), keep);
            var members = tran.SortedSetRangeByRankWithScoresAsync(keys.Story(drop));
            if (!await tran.ExecuteAsync().ConfigureAwait(false))
            {
                continue; // another worker linked it first: find the roots again
            }

            // The members taken with the link move to the surviving story; one that joins the dropped story later
            // sees the link and moves itself (JoinAsync).
            var moved = await members.ConfigureAwait(false);
            var write = db.CreateBatch();
            var writes = new List<Task>();
            if (moved.Length > 0)
            {
                writes.Add(write.SortedSetAddAsync(keys.Story(keep), moved));
                writes.Add(write.SetAddAsync(keys.StoriesOf(keep), keep));
                foreach (var m in moved)
                {
                    writes.Add(write.HashSetAsync(keys.Document((long)m.Element), "story", keep));
                }

                writes.Add(write.SortedSetRemoveAsync(keys.Story(drop), [.. moved.Select(m => m.Element)]));
            }

            writes.Add(write.SetRemoveAsync(keys.StoriesOf(drop), drop));
            write.Execute();
            await Task.WhenAll(writes).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>
    /// Adds each of <paramref name="documents"/> to the members of its story's root, by a script that adds it only
    /// while that root is not linked (else the root is found again); returns each document's root. A script, not a
    /// WATCH transaction: many joins go out pipelined in one round trip, where a conditional transaction waits for
    /// its condition's answer before it sends MULTI.
    /// </summary>
    private async Task<Dictionary<long, long>> JoinAsync(IReadOnlyList<long> documents)
    {
        var joined = new Dictionary<long, long>();
        var open = documents.ToList();
        while (open.Count > 0)
        {
            var roots = await RootsAsync(open).ConfigureAwait(false);
            var batch = db.CreateBatch();
            var attempts = new List<(long Document, long Root, Task<RedisResult> Done)>();
            foreach (long n in open)
            {
                attempts.Add((n, roots[n], batch.ScriptEvaluateAsync(JoinScript, [keys.StoryLink(roots[n]), keys.Story(roots[n])], [n])));
            }

            batch.Execute();
            var next = new List<long>();
            foreach (var (n, root, done) in attempts)
            {
                if ((long)await done.ConfigureAwait(false) == 1)
                {
                    joined[n] = root;
                }
                else
                {
                    next.Add(n);
                }
            }

            open = next;
        }

        // Count the roots as stories; one linked meanwhile (its link came after the join) is not one any more.
        var distinct = joined.Values.Distinct().ToList();
        var add = db.CreateBatch();
        var adds = distinct.GroupBy(keys.Range).Select(range => add.SetAddAsync(keys.Stories(range.Key), [.. range.Select(r => (RedisValue)r)])).ToList();
        add.Execute();
        await Task.WhenAll(adds).ConfigureAwait(false);
        var check = db.CreateBatch();
        var links = distinct.Select(r => (Root: r, Linked: check.KeyExistsAsync(keys.StoryLink(r)))).ToList();
        check.Execute();
        foreach (var (root, linked) in links)
        {
            if (await linked.ConfigureAwait(false))
            {
                await db.SetRemoveAsync(keys.StoriesOf(root), root).ConfigureAwait(false);
            }
        }

        return joined;
    }
}
