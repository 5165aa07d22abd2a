namespace NearDup.Extract;

/// <summary>Options of <see cref="HtmlExtractor"/>.</summary>
internal sealed record HtmlExtractorOptions
{
    /// <summary>The defaults.</summary>
    public static HtmlExtractorOptions Default { get; } = new();

    /// <summary>
    /// Pages longer than this (bytes, or UTF-16 chars for string input) are cut to it before parsing and a warning
    /// says so. Default 16 MiB: news pages are rarely over 5 MB, and a 100 MB page would take gigabytes as a DOM.
    /// </summary>
    public int MaxInputLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Use SmartReader when content scoring finds less than <see cref="MinTextLength"/> chars. Default true.</summary>
    public bool UseFallback { get; init; } = true;

    /// <summary>Below this many chars of text the fallback is tried and, failing it, the page has no article. Default 140.</summary>
    public int MinTextLength { get; init; } = 140;

    /// <summary>Receives a block-by-block account of the scoring (container, scores, verdicts); for diagnosis. Default null.</summary>
    public Action<string>? Diagnostics { get; init; }

    /// <summary>Decides the container's blocks in place of the rules when set (default: the shipped model, if any).</summary>
    internal BlockClassifier? BlockClassifier { get; init; } = BlockClassifier.Shipped;

    /// <summary>Receives each candidate block's features and the rules' verdict (training the block classifier).</summary>
    internal Action<BlockSample>? BlockSamples { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (MaxInputLength < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInputLength), MaxInputLength, "MaxInputLength must be at least 1024");
        }

        if (MinTextLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTextLength), MinTextLength, "MinTextLength must be >= 0");
        }
    }
}
