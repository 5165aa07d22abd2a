namespace NearDup.Index;

/// <summary>A stored relation between documents number <paramref name="A"/> (added first) and <paramref name="B"/>.</summary>
internal sealed record IndexedRelation(long A, long B, DocumentRelation Relation);
