using System.Globalization;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>
/// The key layout. Every key starts with the prefix; the part in braces is the hash tag that picks the slot. A
/// document's record and its relations share one tag (one slot per document read); a story's members are one key;
/// posting lists are spread by their own key; the few index-wide keys (counter, lock, journal, settings, API keys)
/// share the prefix's tag.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>Id shards: the id → number map is cut in this many hashes so that no slot holds all ids.</summary>
    public const int IdShards = 1024;

    public RedisKey Next { get; } = $"{{{prefix}}}:next";

    public RedisKey Lock { get; } = $"{{{prefix}}}:lock";

    public RedisKey Journal { get; } = $"{{{prefix}}}:journal";

    public RedisKey Settings { get; } = $"{{{prefix}}}:settings";

    public RedisKey ApiKeys { get; } = $"{{{prefix}}}:keys";

    /// <summary>Sorted set of document numbers (score = number), to walk and count the index.</summary>
    public RedisKey Documents { get; } = $"{{{prefix}}}:docs";

    /// <summary>Set of story numbers that have members.</summary>
    public RedisKey Stories { get; } = $"{{{prefix}}}:stories";

    /// <summary>Hash of counters: relations and postings.</summary>
    public RedisKey Counters { get; } = $"{{{prefix}}}:counts";

    public RedisKey Document(long number) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:d{number}}}");

    public RedisKey Relations(long number) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:d{number}}}:r");

    public RedisKey Story(long story) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:s{story}}}");

    public RedisKey Posting(PostingKind kind, ulong key) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:p{(int)kind}:{key:x}}}");

    public RedisKey Ids(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:i{System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(id)) % IdShards}}}");
}
