namespace NearDup.Index;

/// <summary>What became of one document given to the index.</summary>
public enum IndexStatus
{
    /// <summary>Added: matched against everything indexed, joined or started a story, and kept.</summary>
    Added,

    /// <summary>The same id with the same content was already indexed: nothing changed.</summary>
    Unchanged,

    /// <summary>Matched without adding (<see cref="NearDupIndex.MatchAsync"/>).</summary>
    Matched,

    /// <summary>The id is indexed with other content: refused, nothing changed (remove it first to replace it).</summary>
    Conflict,

    /// <summary>Refused as bad input (empty id, text too long); <see cref="IndexOutcome.Message"/> says why.</summary>
    Rejected,
}
