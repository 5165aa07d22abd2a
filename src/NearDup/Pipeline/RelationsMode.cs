namespace NearDup.Pipeline;

/// <summary>Which candidate pairs a scan aligns and reports (<see cref="ScanOptions.Relations"/>).</summary>
public enum RelationsMode
{
    /// <summary>
    /// Enough pairs to explain every copy family: copy candidates are aligned along a maximum spanning tree of their
    /// estimates (each member with its nearest member, about n - 1 alignments for n copies), and partial overlaps
    /// are reported through passage clusters, not pair by pair. Cost and output grow with documents.
    /// </summary>
    Tree,

    /// <summary>Every candidate pair aligned and reported, <c>partial</c> ones included: cost grows with related pairs.</summary>
    All,
}
