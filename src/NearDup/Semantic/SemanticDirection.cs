namespace NearDup.Semantic;

/// <summary>Which way the text flowed, where it can be told.</summary>
public enum SemanticDirection
{
    /// <summary>Not told: coverage is balanced and no publication times decide.</summary>
    Unknown,

    /// <summary>B derives from A (B is the rewrite or the excerpt).</summary>
    AToB,

    /// <summary>A derives from B.</summary>
    BToA,
}
