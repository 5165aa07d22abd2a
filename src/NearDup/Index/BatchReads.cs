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
    // By kind: key → its stored documents, in the order filed; a key with none read is absent.
    private readonly Dictionary<ulong, long[]>[] postings = [[], [], [], []];
    private readonly Dictionary<long, IndexedDocument> documents = [];

    /// <summary>The stored documents under <paramref name="key"/>, or null when none.</summary>
    /// <remarks>A key read with a limit and found at it comes back as a list of that length whose entries are not the
    /// documents: the caller only counts it (common text).</remarks>
    public long[]? Postings(PostingKind kind, ulong key) => postings[(int)kind].GetValueOrDefault(key);

    /// <summary>Reads the lists of <paramref name="keys"/> (duplicates allowed), at most <paramref name="limitPerKey"/> a key, in one store call.</summary>
    public async Task ReadPostingsAsync(PostingKind kind, IEnumerable<ulong> keys, int limitPerKey, CancellationToken cancellationToken)
    {
        var lists = postings[(int)kind];
        var wanted = new HashSet<ulong>();
        foreach (ulong key in keys)
        {
            if (!lists.ContainsKey(key))
            {
                wanted.Add(key);
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        var found = await store.ReadPostingsAsync(kind, [.. wanted], limitPerKey, cancellationToken).ConfigureAwait(false);
        // Stores answer a key's postings together; each run becomes one array of its exact length (joined to an
        // earlier run of the same key, should a store interleave them).
        for (int start = 0; start < found.Count;)
        {
            ulong key = found[start].Key;
            int end = start + 1;
            while (end < found.Count && found[end].Key == key)
            {
                end++;
            }

            int earlier = lists.GetValueOrDefault(key)?.Length ?? 0;
            int length = earlier + end - start;
            if (length >= limitPerKey && limitPerKey < int.MaxValue)
            {
                lists[key] = Common(limitPerKey);
            }
            else
            {
                var list = new long[length];
                lists.GetValueOrDefault(key)?.CopyTo(list, 0);
                for (int i = start; i < end; i++)
                {
                    list[earlier + i - start] = found[i].Document;
                }

                lists[key] = list;
            }

            start = end;
        }
    }

    private long[]? common;

    // One list, shared by every key at the limit (only its length is read).
    private long[] Common(int limit) => common is { } c && c.Length == limit ? c : common = new long[limit];

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
