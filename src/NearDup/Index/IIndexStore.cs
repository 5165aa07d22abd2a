namespace NearDup.Index;

/// <summary>
/// Where a <see cref="NearDupIndex"/> keeps its documents, posting lists, relations, stories and API keys. Reads are
/// batched by key (one call for all the band keys or winnow fingerprints of a document), so that a networked store
/// (Redis Cluster: one pipelined round trip per call) can implement it as well as an embedded one.
/// </summary>
/// <remarks>
/// A store must be safe for concurrent reads beside one writer: <see cref="NearDupIndex"/> never calls
/// <see cref="CommitAsync"/> from two threads at once. <see cref="CommitAsync"/> is atomic: after a crash a reader sees
/// the whole batch or none of it.
/// </remarks>
internal interface IIndexStore : IDisposable
{
    /// <summary>A stored setting (the fingerprint settings the index was built with), or null.</summary>
    Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a setting, replacing the old value.</summary>
    Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>The number the next new document gets: one more than any ever given.</summary>
    Task<long> NextNumberAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The postings under each of <paramref name="keys"/> of <paramref name="kind"/>, at most
    /// <paramref name="limitPerKey"/> per key (a key at the limit is common text to the caller).
    /// </summary>
    Task<IReadOnlyList<IndexPosting>> ReadPostingsAsync(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey, CancellationToken cancellationToken = default);

    /// <summary>The documents of <paramref name="numbers"/> that exist (others are left out), in any order.</summary>
    Task<IReadOnlyList<IndexedDocument>> ReadDocumentsAsync(IReadOnlyList<long> numbers, bool withText, CancellationToken cancellationToken = default);

    /// <summary>
    /// Those of <paramref name="numbers"/> whose documents exist and have at most <paramref name="maxWinnow"/> winnow
    /// fingerprints, in any order: a document that shares a fingerprint or two with a new one is a candidate only when
    /// it is that small, and most such documents need not be read at all.
    /// </summary>
    async Task<IReadOnlyList<long>> FindSmallDocumentsAsync(IReadOnlyList<long> numbers, int maxWinnow, CancellationToken cancellationToken = default) =>
        (await ReadDocumentsAsync(numbers, withText: false, cancellationToken).ConfigureAwait(false)).Where(d => d.Winnow.Length <= maxWinnow).Select(d => d.Number).ToList();

    /// <summary>The documents of <paramref name="ids"/> that exist (others are left out), in any order.</summary>
    Task<IReadOnlyList<IndexedDocument>> FindDocumentsAsync(IReadOnlyList<string> ids, bool withText, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> document numbers above <paramref name="after"/>, ascending (to walk the index).</summary>
    Task<IReadOnlyList<long>> ListDocumentsAsync(long after, int count, CancellationToken cancellationToken = default);

    /// <summary>Numbers of the members of story <paramref name="story"/>, ascending; empty when there is none.</summary>
    Task<IReadOnlyList<long>> ReadStoryAsync(long story, CancellationToken cancellationToken = default);

    /// <summary>Every relation naming one of <paramref name="documents"/>, each once.</summary>
    Task<IReadOnlyList<IndexedRelation>> ReadRelationsAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="batch"/> atomically and durably: when the task completes, the batch survives a crash.</summary>
    Task CommitAsync(IndexBatch batch, CancellationToken cancellationToken = default);

    Task<IndexStats> ReadStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives back the space of removed documents.</summary>
    Task CompactAsync(CancellationToken cancellationToken = default);

    Task AddKeyAsync(ApiKey key, CancellationToken cancellationToken = default);

    /// <summary>The key with this hash (revoked or not), or null.</summary>
    Task<ApiKey?> FindKeyAsync(string hash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the index-wide write lock for one add or remove, for stores that several processes write at once (Redis);
    /// null (no lock) for embedded stores, whose one process serializes writes itself. Dispose the result to free it.
    /// </summary>
    Task<IAsyncDisposable?> LockWritesAsync(CancellationToken cancellationToken = default) => Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>
    /// Reads the snapshot <paramref name="name"/> kept beside the index (data derived from the documents, such as the
    /// graph of their vectors, saved so that opening need not rebuild it), or null when there is none or the store
    /// keeps none. The caller disposes the stream.
    /// </summary>
    Stream? OpenSnapshot(string name) => null;

    /// <summary>Replaces snapshot <paramref name="name"/> with what <paramref name="write"/> writes, whole or not at all; a store that keeps none ignores it.</summary>
    void SaveSnapshot(string name, Action<Stream> write)
    {
    }

    /// <summary>Revokes the key with id <paramref name="id"/>; false when there is no such valid key.</summary>
    Task<bool> RevokeKeyAsync(string id, DateTimeOffset when, CancellationToken cancellationToken = default);
}
