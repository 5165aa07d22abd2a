namespace NearDup.Index;

/// <summary>
/// What one add or match call read from the store: the posting lists under every key of its documents, read before
/// matching in one store call per kind (a document has ~180 keys; read document by document they cost most of an
/// add), and the indexed documents it looked at, each read once for the whole call.
/// </summary>
/// <remarks>Valid while no other writer commits, which the index's write gate (and the store's write lock) ensure
/// for an add; a match reads one snapshot per call, as it did per document before. Posting lists are read before
/// matching and only looked up after; documents can be read by parallel matches (a lock guards them).</remarks>
internal sealed class BatchReads(IIndexStore store)
{
    private readonly Dictionary<(PostingKind Kind, ulong Key), List<long>> postings = [];
    private readonly Dictionary<long, IndexedDocument> documents = [];

    /// <summary>The store (or store view) it reads.</summary>
    public IIndexStore Store => store;

    /// <summary>The stored documents under <paramref name="key"/>, or null when none.</summary>
    public List<long>? Postings(PostingKind kind, ulong key) => postings.GetValueOrDefault((kind, key));

    /// <summary>Reads the lists of <paramref name="keys"/> (duplicates allowed), at most <paramref name="limitPerKey"/> a key, in one store call.</summary>
    public async Task ReadPostingsAsync(PostingKind kind, IEnumerable<ulong> keys, int limitPerKey, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<ulong>();
        foreach (ulong key in keys)
        {
            if (!postings.ContainsKey((kind, key)))
            {
                wanted.Add(key);
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var p in await store.ReadPostingsAsync(kind, [.. wanted], limitPerKey, cancellationToken).ConfigureAwait(false))
        {
            if (!postings.TryGetValue((kind, p.Key), out var list))
            {
                postings[(kind, p.Key)] = list = [];
            }

            list.Add(p.Document);
        }
    }

    /// <summary>
    /// The indexed documents of <paramref name="numbers"/> that exist, with their texts when <paramref name="withText"/>;
    /// those read before in this call are not read again.
    /// </summary>
    public async Task<Dictionary<long, IndexedDocument>> DocumentsAsync(IEnumerable<long> numbers, bool withText, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, IndexedDocument>();
        var toRead = new List<long>();
        lock (documents)
        {
            foreach (long n in numbers)
            {
                if (documents.TryGetValue(n, out var d) && (!withText || d.Text is not null))
                {
                    found[n] = d;
                }
                else
                {
                    toRead.Add(n);
                }
            }
        }

        if (toRead.Count > 0)
        {
            var read = await store.ReadDocumentsAsync(toRead, withText, cancellationToken).ConfigureAwait(false);
            lock (documents)
            {
                foreach (var d in read)
                {
                    documents[d.Number] = d;
                    found[d.Number] = d;
                }
            }
        }

        return found;
    }
}
