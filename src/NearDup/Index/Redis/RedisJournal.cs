using System.Text.Json;

namespace NearDup.Index.Redis;

/// <summary>
/// A removal as written to the journal key before it is applied: a worker that dies half way leaves the journal, and
/// the next worker to take the write lock applies it again (every step is idempotent) before doing anything else.
/// </summary>
internal sealed record RedisJournal(List<long> Removed, List<IndexPosting> RemovedPostings, Dictionary<long, long> StoryAssignments)
{
    public static RedisJournal Of(IndexBatch batch) => new(batch.Removed, batch.RemovedPostings, batch.StoryAssignments);

    public byte[] Write() => JsonSerializer.SerializeToUtf8Bytes(this, RelationJson.Options);

    public static RedisJournal Read(byte[] json) =>
        JsonSerializer.Deserialize<RedisJournal>(json, RelationJson.Options) ?? throw new InvalidDataException("The Redis journal is null.");
}
