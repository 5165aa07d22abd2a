namespace NearDup.Index;

/// <summary>One entry of a posting list: <paramref name="Document"/> is filed under <paramref name="Key"/> of <paramref name="Kind"/>.</summary>
internal readonly record struct IndexPosting(PostingKind Kind, ulong Key, long Document);
