namespace NearDup.Index;

/// <summary>
/// What one add or match call read from the store: the posting lists under every key of its documents, read before
/// matching in a few store calls per kind (a document has ~180 keys; read document by document they cost most of an
/// add), and the indexed documents it looked at, each read once for the whole call.
/// </summary>
/// <remarks>Valid while no other writer commits, which the index's write gate (and the store's write lock) ensure
/// for an add; a match reads one snapshot per call, as it did per document before. Posting lists are read before
/// matching and only looked up after; documents can be read by parallel matches (a lock guards them).</remarks>
internal sealed class BatchReads(IIndexStore store)
{
    // Keys are split by their top bits into parts read in parallel: an add's posting reads (~180 keys a document) are
    // on its serial path, and the store's readers run beside each other.
    private const int PartBits = 2;
    private const int Parts = 1 << PartBits;
    private const int ParallelFrom = 2048; // keys; fewer are read on the calling thread

    // By kind and part: key → its stored documents, in the order filed; a key with none read is absent.
    private readonly Dictionary<ulong, long[]>[][] postings = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, Parts).Select(_ => new Dictionary<ulong, long[]>()).ToArray())];
    private readonly Dictionary<long, IndexedDocument> documents = [];

    /// <summary>The store (or store view) it reads.</summary>
    public IIndexStore Store => store;

    /// <summary>The stored documents under <paramref name="key"/>, or null when none.</summary>
    /// <remarks>A key read with a limit and found at it comes back as a list of that length whose entries are not the
    /// documents: the caller only counts it (common text).</remarks>
    public long[]? Postings(PostingKind kind, ulong key) => postings[(int)kind][Part(key)].GetValueOrDefault(key);

    /// <summary>Reads the lists of <paramref name="keys"/> (duplicates allowed), at most <paramref name="limitPerKey"/> a key, in one store call per part.</summary>
    public async Task ReadPostingsAsync(PostingKind kind, IEnumerable<ulong> keys, int limitPerKey, CancellationToken cancellationToken)
    {
        var lists = postings[(int)kind];
        var wanted = Enumerable.Range(0, Parts).Select(_ => new HashSet<ulong>()).ToArray();
        int count = 0;
        foreach (ulong key in keys)
        {
            int part = Part(key);
            if (!lists[part].ContainsKey(key) && wanted[part].Add(key))
            {
                count++;
            }
        }

        if (count < ParallelFrom)
        {
            for (int part = 0; part < Parts; part++)
            {
                await ReadPartAsync(kind, lists[part], wanted[part], limitPerKey, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await Task.WhenAll(Enumerable.Range(0, Parts).Select(part =>
            Task.Run(() => ReadPartAsync(kind, lists[part], wanted[part], limitPerKey, cancellationToken), cancellationToken))).ConfigureAwait(false);
    }

    private static int Part(ulong key) => (int)(key >> (64 - PartBits));

    private async Task ReadPartAsync(PostingKind kind, Dictionary<ulong, long[]> lists, HashSet<ulong> wanted, int limitPerKey, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        if (store is IPostingListReader direct)
        {
            direct.ReadPostingLists(kind, wanted, limitPerKey < int.MaxValue ? Common(limitPerKey) : null, lists);
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

    // One list, shared by every key at the limit (only its length is read); parts may ask at once, and any list of
    // that length will do.
    private long[] Common(int limit)
    {
        var shared = Volatile.Read(ref common);
        if (shared is null || shared.Length != limit)
        {
            shared = new long[limit];
            Volatile.Write(ref common, shared);
        }

        return shared;
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

/// <summary>
/// A store that fills a <see cref="BatchReads"/>'s lists straight from posting lists held in memory: no posting
/// records in between (they were most of what an add allocated).
/// </summary>
internal interface IPostingListReader
{
    /// <summary>
    /// Puts the documents under each of <paramref name="keys"/> held (absent from <paramref name="into"/>) in
    /// <paramref name="into"/>, in the order filed; a key holding at least <paramref name="common"/>'s length of them
    /// gets <paramref name="common"/> itself (only its length is read), when given.
    /// </summary>
    void ReadPostingLists(PostingKind kind, IEnumerable<ulong> keys, long[]? common, Dictionary<ulong, long[]> into);
}
