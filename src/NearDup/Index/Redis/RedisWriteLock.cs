using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>The index-wide write lock of one worker: a key with a random token and a lease, renewed while held.</summary>
internal sealed class RedisWriteLock : IAsyncDisposable
{
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private readonly IDatabase db;
    private readonly RedisKey key;
    private readonly TimeSpan lease;
    private readonly Timer renewal;

    public RedisWriteLock(IDatabase db, RedisKey key, string token, TimeSpan lease)
    {
        this.db = db;
        this.key = key;
        this.lease = lease;
        Token = token;
        renewal = new Timer(_ => _ = RenewAsync(), null, lease / 3, lease / 3);
    }

    public string Token { get; }

    public async ValueTask DisposeAsync()
    {
        await renewal.DisposeAsync().ConfigureAwait(false);
        try
        {
            await db.ScriptEvaluateAsync(ReleaseScript, [key], [Token]).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The lease frees the lock by itself.
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            await db.ScriptEvaluateAsync(RenewScript, [key], [Token, (long)lease.TotalMilliseconds]).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Retried at the next tick; a lock lost meanwhile is caught when the journal is written.
        }
    }
}
