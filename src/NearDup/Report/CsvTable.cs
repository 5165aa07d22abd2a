namespace NearDup.Report;

/// <summary>The tables of the CSV report (docs/OUTPUT.md); <c>neardup scan -f csv -o FILE</c> writes all three.</summary>
public enum CsvTable
{
    /// <summary>One row per related pair: <c>a,b,kind,direction,coverage_a,coverage_b,confidence,passages,story</c>.</summary>
    Relations,

    /// <summary>One row per story member: <c>story,id,canonical,relation,to,direction</c>.</summary>
    Stories,

    /// <summary>One row per member of a reprinted passage: <c>passage,id,start,end,first_token,end_token,members</c>.</summary>
    Passages,
}
