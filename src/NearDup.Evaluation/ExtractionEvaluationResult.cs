namespace NearDup.Evaluation;

/// <summary>NearDup's and SmartReader's figures on one extraction set, side by side.</summary>
/// <param name="Dataset">"article-extraction" or "trafilatura".</param>
/// <param name="DataDirectory">The folder evaluated.</param>
/// <param name="Pages">Pages scored.</param>
/// <param name="NearDup">NearDup's <see cref="Extract.HtmlExtractor"/>.</param>
/// <param name="SmartReader">SmartReader 0.11 (Readability port) on the same decoded text; null when not run.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="PageResults">Per-page scores, in id order.</param>
public sealed record ExtractionEvaluationResult(
    string Dataset,
    string DataDirectory,
    int Pages,
    ExtractionScore NearDup,
    ExtractionScore? SmartReader,
    TimeSpan Elapsed,
    IReadOnlyList<ExtractionPageResult> PageResults);
