namespace NearDup.Index;

/// <summary>The documents of a batch being added, not yet committed: later documents of the batch match them too.</summary>
internal sealed class PendingDocuments
{
    private readonly Dictionary<(PostingKind Kind, ulong Key), List<long>> postings = [];
    private readonly Dictionary<long, IndexedDocument> documents = [];
    private readonly Dictionary<string, long> byId = new(StringComparer.Ordinal);

    public IEnumerable<IndexedDocument> Documents => documents.Values;

    public List<long>? Postings(PostingKind kind, ulong key) => postings.GetValueOrDefault((kind, key));

    public IndexedDocument? Document(long number) => documents.GetValueOrDefault(number);

    public IndexedDocument? Find(string id) => byId.TryGetValue(id, out long n) ? documents[n] : null;

    public void Add(IndexedDocument document, IEnumerable<IndexPosting> filed)
    {
        documents[document.Number] = document;
        byId[document.Id] = document.Number;
        foreach (var p in filed)
        {
            if (!postings.TryGetValue((p.Kind, p.Key), out var list))
            {
                postings[(p.Kind, p.Key)] = list = [];
            }

            list.Add(p.Document);
        }
    }
}
