namespace NearDup.Index;

/// <summary>The answer for one document: its relations to indexed documents, with passages, and its story.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Status">What became of it.</param>
/// <param name="Story">The story it joined (or would join, for a match), null when it would start one of its own or was refused.</param>
/// <param name="Relations">Its relations, the indexed document as A and this one as B; passages give character offsets in both texts.</param>
/// <param name="Message">Why it was refused, or null.</param>
public sealed record IndexOutcome(string Id, IndexStatus Status, long? Story, IReadOnlyList<DocumentRelation> Relations, string? Message = null);
