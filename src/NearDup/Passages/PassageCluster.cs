namespace NearDup.Passages;

/// <summary>
/// One passage reused in several documents, found once: every member with its offsets (as passim reports
/// reprinted passages), instead of n(n-1)/2 pairs.
/// </summary>
/// <param name="Id">Index in the scan's list (clusters ordered by their first member, then its offset).</param>
/// <param name="Members">The documents holding the passage, by ascending ordinal, each at most once.</param>
/// <param name="Fingerprints">Winnow fingerprints the members share in the passage: its evidence.</param>
internal sealed record PassageCluster(int Id, IReadOnlyList<PassageMember> Members, int Fingerprints);
