namespace NearDup.Index;

/// <summary>
/// The changes of one write, which a store applies atomically (all or nothing) in this order: removals, story moves,
/// story assignments, then new documents, postings and relations.
/// </summary>
internal sealed class IndexBatch
{
    /// <summary>Documents to remove, with their postings and every relation naming them.</summary>
    public List<long> Removed { get; } = [];

    /// <summary>Postings of the removed documents.</summary>
    public List<IndexPosting> RemovedPostings { get; } = [];

    public List<StoryMove> StoryMoves { get; } = [];

    /// <summary>Documents already stored whose story changes (a story split by a removal).</summary>
    public Dictionary<long, long> StoryAssignments { get; } = [];

    /// <summary>New documents, with their texts.</summary>
    public List<IndexedDocument> Documents { get; } = [];

    public List<IndexPosting> Postings { get; } = [];

    public List<IndexedRelation> Relations { get; } = [];

    /// <summary>Whether the batch changes nothing.</summary>
    public bool IsEmpty => Removed.Count == 0 && StoryMoves.Count == 0 && StoryAssignments.Count == 0 && Documents.Count == 0 && Relations.Count == 0;
}
