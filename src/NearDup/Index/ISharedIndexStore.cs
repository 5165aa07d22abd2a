namespace NearDup.Index;

/// <summary>
/// A store that many worker processes write at once without an index-wide lock (Redis Cluster): a document is
/// published (hidden from readers, seen by other writers), matched, then committed. Publishing before matching is
/// what makes concurrent workers meet: of two documents added at once that share a posting key, at least one
/// writer reads the other's posting, relates the two and binds their stories.
/// </summary>
internal interface ISharedIndexStore
{
    /// <summary>Reserves <paramref name="count"/> consecutive document numbers for one writer; returns the first.</summary>
    Task<long> ReserveNumbersAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes new documents: each record (hidden from readers until committed), the claim of its id, then the
    /// postings of those that claimed their id. For each document, null when it claimed its id, else the number of
    /// the document that holds the id (added by another worker first; the loser's record is dropped).
    /// </summary>
    Task<IReadOnlyList<long?>> PublishAsync(IReadOnlyList<(IndexedDocument Document, List<IndexPosting> Postings)> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes postings a writer published and then found common (it files none under a common key).</summary>
    Task WithdrawPostingsAsync(IReadOnlyList<IndexPosting> postings, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until each holder of a claimed id is committed and returns it; null when its writer died before
    /// committing (the claim is freed: add the document again). Call it after committing one's own batch, so that
    /// two workers never wait for each other.
    /// </summary>
    Task<IReadOnlyList<IndexedDocument?>> AwaitHoldersAsync(IReadOnlyList<(string Id, long Holder)> claims, CancellationToken cancellationToken = default);

    /// <summary>
    /// A view of the store whose reads also see the documents other writers have published and not committed yet,
    /// leaving out the numbers <paramref name="first"/> to <paramref name="last"/> (the caller's own batch).
    /// </summary>
    IIndexStore WithPublished(long first, long last);

    /// <summary>
    /// Commits published documents <paramref name="documents"/> with their relations; the story of each document
    /// joins the stories of its <paramref name="bonds"/> (document, story or document number it is bound to), the
    /// smaller story number surviving, atomically per story against other writers.
    /// </summary>
    Task CommitPublishedAsync(IReadOnlyList<long> documents, IReadOnlyList<IndexedRelation> relations, IReadOnlyList<(long Document, long Other)> bonds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The documents any writer committed after <paramref name="position"/> of the commit log, in commit order, and the
    /// log's position after them. With a null position: none, and the log's end (where to read from next). Documents
    /// is null when the log no longer reaches back to <paramref name="position"/> (trimmed): read the index again.
    /// </summary>
    Task<(string Position, IReadOnlyList<long>? Documents)> CommittedSinceAsync(string? position, CancellationToken cancellationToken = default);

    /// <summary>The story of each document number (committed or published), in order.</summary>
    Task<IReadOnlyList<long>> StoriesOfAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default);
}
