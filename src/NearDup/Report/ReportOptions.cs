namespace NearDup.Report;

/// <summary>What reports include.</summary>
public sealed record ReportOptions
{
    /// <summary>Include each relation's aligned passages (offsets). Default true.</summary>
    public bool Passages { get; init; } = true;

    /// <summary>Include the passage text of both sides, read back from the originals. Default true.</summary>
    public bool PassageText { get; init; } = true;

    /// <summary>Longer passage texts are clipped in the middle to this many characters; 0 keeps them whole. Default 0.</summary>
    public int MaxPassageChars { get; init; }

    public bool Indented { get; init; } = true;
}
