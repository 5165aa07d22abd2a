using System.Runtime.InteropServices;

namespace NearDup.Index;

/// <summary>The documents of a batch being added, not yet committed: later documents of the batch match them too.</summary>
internal sealed class PendingDocuments
{
    private readonly Dictionary<(PostingKind Kind, ulong Key), List<long>> postings;
    private readonly Dictionary<long, IndexedDocument> documents = [];
    private readonly Dictionary<string, long> byId = new(StringComparer.Ordinal);

    /// <param name="postingKeys">About how many keys the batch files under (~180 a document): the table is made that large at once.</param>
    public PendingDocuments(int postingKeys = 0) => postings = new(postingKeys);

    public IEnumerable<IndexedDocument> Documents => documents.Values;

    public List<long>? Postings(PostingKind kind, ulong key) => postings.GetValueOrDefault((kind, key));

    public IndexedDocument? Document(long number) => documents.GetValueOrDefault(number);

    public IndexedDocument? Find(string id) => byId.TryGetValue(id, out long n) ? documents[n] : null;

    public void Add(IndexedDocument document, IEnumerable<IndexPosting> filed) => Add(document, filed.ToArray());

    public void Add(IndexedDocument document, ReadOnlySpan<IndexPosting> filed)
    {
        documents[document.Number] = document;
        byId[document.Id] = document.Number;
        foreach (var p in filed)
        {
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(postings, (p.Kind, p.Key), out _);
            (list ??= new List<long>(1)).Add(p.Document); // most keys hold one document of the batch
        }
    }
}
