namespace NearDup.Cli;

/// <summary>Which member of a group of duplicates <c>neardup dedup</c> keeps.</summary>
internal enum KeepRule
{
    /// <summary>The one with the most words (then characters): nothing of the group's text is lost.</summary>
    Complete,

    /// <summary>The one published first (documents without a date last), then the first seen.</summary>
    Earliest,

    /// <summary>The one read first.</summary>
    First,
}
