using NearDup.Extract;

namespace NearDup.Evaluation;

/// <summary>Options of <see cref="ArticleExtractionEvaluator"/> and <see cref="TrafilaturaEvaluator"/>.</summary>
public sealed record ExtractionEvaluationOptions
{
    /// <summary>Score only the first N pages in id order (a fast subset); null scores all. Default null.</summary>
    public int? MaxPages { get; init; }

    /// <summary>Also run SmartReader on every page and report its figures beside NearDup's. Default true.</summary>
    public bool CompareSmartReader { get; init; } = true;

    /// <summary>Pages extracted in parallel. Default: processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Keep each page's extracted texts in <see cref="ExtractionPageResult"/> (for inspection). Default false.</summary>
    public bool KeepTexts { get; init; }

    /// <summary>Options of NearDup's extractor.</summary>
    internal HtmlExtractorOptions Extractor { get; init; } = HtmlExtractorOptions.Default;

    public void Validate()
    {
        if (MaxPages is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPages), MaxPages, "MaxPages must be at least 1 or null");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1");
        }

        Extractor.Validate();
    }
}
