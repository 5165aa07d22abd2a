namespace NearDup.Index;

/// <summary>What an API key may do.</summary>
public enum ApiKeyRole
{
    /// <summary>Match and read.</summary>
    Read = 1,

    /// <summary>Match, read, add and remove documents.</summary>
    Write = 2,
}
