using System.Globalization;

namespace NearDup.Index.Redis;

/// <summary>Where and how a <see cref="RedisIndexStore"/> keeps an index on Redis (a cluster or one server).</summary>
public sealed record RedisStoreOptions
{
    /// <summary>The URL prefix of a Redis store: <c>redis://host:port[,host:port...][/prefix]</c>.</summary>
    public const string Scheme = "redis://";

    /// <summary>Seed nodes, <c>host:port</c>; the client discovers the rest of the cluster from any one of them.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = ["127.0.0.1:6379"];

    /// <summary>Prefix of every key, so several indexes share a cluster. Default <c>neardup</c>.</summary>
    public string KeyPrefix { get; init; } = "neardup";

    /// <summary>
    /// Replicas each primary must acknowledge a commit to (<c>WAIT</c>) before it counts as done; 0 trusts the
    /// primary alone (a failover right after may lose the last writes). Default 1.
    /// </summary>
    public int ReplicasToAcknowledge { get; init; } = 1;

    /// <summary>How long a worker holds the write lock without renewing it; a dead worker's lock frees itself after this. Default 15 s.</summary>
    public TimeSpan LockLease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Posting lists are grouped in 2^<c>PostingBucketBits</c> buckets per kind (sorted sets keyed by the top bits of
    /// the posting key), so that many small lists share a key and Redis keeps each bucket as a compact listpack (up
    /// to <c>zset-max-listpack-entries</c>, 128 by default, members). Fixed by an index's first writer. Best near
    /// log2(documents × 180 / 100): 20 (the default) suits about half a million documents, 27 a hundred million.
    /// </summary>
    public int PostingBucketBits { get; init; } = 20;

    /// <summary>
    /// The index-wide sets of document and story numbers are cut into keys of 2^<c>NumberRangeBits</c> consecutive
    /// numbers each, every one on a slot of its own, so that no node holds them all (at 100 million documents, one set
    /// would be ~5 GB on one primary). Fixed by an index's first writer. Default 20: about a million numbers a key.
    /// </summary>
    public int NumberRangeBits { get; init; } = 20;

    /// <summary>
    /// How long a document may stay published without being committed before another worker that adds the same id
    /// takes the id over (its writer is taken for dead). Default 2 minutes.
    /// </summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a call retries network errors, timeouts and failovers (with backoff) before it fails. Default 60 s.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Parses <c>redis://host:port[,host:port...][/prefix][?bucket-bits=N][&amp;range-bits=N]</c>.</summary>
    /// <exception cref="ArgumentException">Not a redis:// URL or without a node.</exception>
    public static RedisStoreOptions Parse(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A Redis store is named redis://host:port[,host:port...][/prefix], not '{url}'.", nameof(url));
        }

        string rest = url[Scheme.Length..];
        int? bucketBits = null, rangeBits = null;
        int query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            foreach (string pair in rest[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0] is not ("bucket-bits" or "range-bits")
                    || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int bits))
                {
                    throw new ArgumentException($"'{url}': the query parameters are bucket-bits=N and range-bits=N, not '{pair}'.", nameof(url));
                }

                if (parts[0] == "bucket-bits")
                {
                    bucketBits = bits;
                }
                else
                {
                    rangeBits = bits;
                }
            }

            rest = rest[..query];
        }

        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string prefix = slash >= 0 ? rest[(slash + 1)..] : "";
        string nodes = slash >= 0 ? rest[..slash] : rest;
        var endpoints = nodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (endpoints.Length == 0)
        {
            throw new ArgumentException($"'{url}' names no Redis node (redis://host:port,...).", nameof(url));
        }

        var options = new RedisStoreOptions { Endpoints = endpoints };
        if (bucketBits is { } b)
        {
            options = options with { PostingBucketBits = b };
        }

        if (rangeBits is { } r)
        {
            options = options with { NumberRangeBits = r };
        }

        return (prefix.Length > 0 ? options with { KeyPrefix = prefix } : options).Validate();
    }

    /// <summary>Checks every setting; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public RedisStoreOptions Validate()
    {
        if (Endpoints is null || Endpoints.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Endpoints), "Endpoints must name at least one host:port.");
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny("{}") >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(KeyPrefix), KeyPrefix, "KeyPrefix must be non-empty and without braces.");
        }

        if (ReplicasToAcknowledge is < 0 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplicasToAcknowledge), ReplicasToAcknowledge, "ReplicasToAcknowledge must be in [0, 5].");
        }

        if (LockLease < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(LockLease), LockLease, "LockLease must be at least one second.");
        }

        if (PostingBucketBits is < 4 or > 40)
        {
            throw new ArgumentOutOfRangeException(nameof(PostingBucketBits), PostingBucketBits, "PostingBucketBits must be in [4, 40].");
        }

        if (NumberRangeBits is < 1 or > 40)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberRangeBits), NumberRangeBits, "NumberRangeBits must be in [1, 40].");
        }

        if (PendingTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(PendingTimeout), PendingTimeout, "PendingTimeout must be at least one second.");
        }

        if (RetryFor < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryFor), RetryFor, "RetryFor must not be negative.");
        }

        return this;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}{string.Join(',', Endpoints)}/{KeyPrefix}");
}
