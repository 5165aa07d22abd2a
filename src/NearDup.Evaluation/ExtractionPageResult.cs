namespace NearDup.Evaluation;

/// <summary>One page's scores: shingle precision/recall (article-extraction) or snippet hits (trafilatura).</summary>
/// <param name="Id">Page id (article-extraction) or url (trafilatura).</param>
/// <param name="NearDupPrecision">NearDup's precision on this page.</param>
/// <param name="NearDupRecall">NearDup's recall on this page.</param>
/// <param name="SmartReaderPrecision">SmartReader's precision, NaN when not run.</param>
/// <param name="SmartReaderRecall">SmartReader's recall, NaN when not run.</param>
/// <param name="Error">Why the page could not be read, if it could not (it then scores as empty output).</param>
public sealed record ExtractionPageResult(
    string Id, double NearDupPrecision, double NearDupRecall, double SmartReaderPrecision, double SmartReaderRecall, string? Error)
{
    /// <summary>NearDup's text, when <see cref="ExtractionEvaluationOptions.KeepTexts"/> is set.</summary>
    public string? NearDupText { get; init; }

    /// <summary>SmartReader's text, when <see cref="ExtractionEvaluationOptions.KeepTexts"/> is set.</summary>
    public string? SmartReaderText { get; init; }
}
