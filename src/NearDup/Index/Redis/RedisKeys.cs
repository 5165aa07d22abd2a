using System.Buffers.Binary;
using System.Globalization;
using StackExchange.Redis;

namespace NearDup.Index.Redis;

/// <summary>
/// The key layout. Every key starts with the prefix; the part in braces is the hash tag that picks the slot. A
/// document's record and its relations share one tag (one slot per document read and one transaction per commit); a
/// story's members and its link to the story it was merged into share one; posting lists are grouped in buckets by
/// bits of their key (sorted sets of small members, which Redis keeps as compact listpacks); the sets of committed
/// documents and of stories are cut by number range, a slot each; the few index-wide keys (counter, lock, journal,
/// settings, API keys) share the prefix's tag.
/// </summary>
internal sealed class RedisKeys(string prefix, int bucketBits, int rangeBits)
{
    /// <summary>Id shards: the id → number map is cut in this many hashes so that no slot holds all ids.</summary>
    public const int IdShards = 1024;

    /// <summary>Bytes of a posting member: the 8-byte posting key, then the document number in 5 bytes (both big-endian, so members sort by key).</summary>
    public const int PostingMemberBytes = 13;

    /// <summary>The counter of document numbers: the last number given.</summary>
    public RedisKey Next { get; } = $"{{{prefix}}}:next";

    public RedisKey Lock { get; } = $"{{{prefix}}}:lock";

    public RedisKey Journal { get; } = $"{{{prefix}}}:journal";

    public RedisKey Settings { get; } = $"{{{prefix}}}:settings";

    public RedisKey ApiKeys { get; } = $"{{{prefix}}}:keys";

    /// <summary>The sorted set of committed document numbers before they were cut by range (indexes written before
    /// <see cref="Documents"/>); moved into the ranges when such an index is opened.</summary>
    public RedisKey OldDocuments { get; } = $"{{{prefix}}}:docs";

    /// <summary>The set of story numbers before it was cut by range; moved like <see cref="OldDocuments"/>.</summary>
    public RedisKey OldStories { get; } = $"{{{prefix}}}:stories";

    public int RangeBits => rangeBits;

    /// <summary>The range of document and story numbers that <paramref name="number"/> falls in.</summary>
    public long Range(long number) => number >> rangeBits;

    /// <summary>Sorted set of the committed document numbers of range <paramref name="range"/> (score = number), to walk and count the index.</summary>
    public RedisKey Documents(long range) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:dr{range}}}");

    /// <summary>Set of the story numbers of range <paramref name="range"/> that have members.</summary>
    public RedisKey Stories(long range) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:sr{range}}}");

    /// <summary>The range key of document <paramref name="number"/>.</summary>
    public RedisKey DocumentsOf(long number) => Documents(Range(number));

    /// <summary>The range key of story <paramref name="story"/>.</summary>
    public RedisKey StoriesOf(long story) => Stories(Range(story));

    /// <summary>Stream of committed batches (field <c>n</c>: their document numbers, 8 bytes each), in commit order.</summary>
    public RedisKey CommitLog { get; } = $"{{{prefix}}}:log";

    /// <summary>Hash of counters: relations and postings.</summary>
    public RedisKey Counters { get; } = $"{{{prefix}}}:counts";

    public int BucketBits => bucketBits;

    public RedisKey Document(long number) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:d{number}}}");

    public RedisKey Relations(long number) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:d{number}}}:r");

    public RedisKey Story(long story) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:s{story}}}");

    /// <summary>The story <paramref name="story"/> was merged into (absent while it is a root of the story union).</summary>
    public RedisKey StoryLink(long story) => string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:s{story}}}:up");

    /// <summary>
    /// The bucket of posting key <paramref name="key"/> of <paramref name="kind"/>: <see cref="BucketBits"/> bits of
    /// the key mixed (Fibonacci hashing), since winnow fingerprints are window minima and crowd the low values.
    /// </summary>
    public RedisKey Bucket(PostingKind kind, ulong key) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:b{(int)kind}:{key * 0x9E3779B97F4A7C15UL >> (64 - bucketBits):x}}}");

    public static byte[] PostingMember(ulong key, long document)
    {
        var member = new byte[PostingMemberBytes];
        BinaryPrimitives.WriteUInt64BigEndian(member, key);
        WriteNumber(member.AsSpan(8), document);
        return member;
    }

    /// <summary>The lexicographic range of every member under posting key <paramref name="key"/>.</summary>
    public static (byte[] Min, byte[] Max) PostingRange(ulong key)
    {
        var min = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(min, key);
        var max = new byte[PostingMemberBytes];
        BinaryPrimitives.WriteUInt64BigEndian(max, key);
        max.AsSpan(8).Fill(0xFF);
        return (min, max);
    }

    public static long PostingDocument(ReadOnlySpan<byte> member) =>
        (long)member[8] << 32 | (long)member[9] << 24 | (long)member[10] << 16 | (long)member[11] << 8 | member[12];

    public RedisKey Ids(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{{{prefix}:i{System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(id)) % IdShards}}}");

    private static void WriteNumber(Span<byte> into, long number)
    {
        for (int i = 4; i >= 0; i--)
        {
            into[i] = (byte)number;
            number >>= 8;
        }
    }
}
