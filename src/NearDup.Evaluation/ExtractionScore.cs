namespace NearDup.Evaluation;

/// <summary>Precision, recall and F1 of one extractor on one evaluation set.</summary>
/// <param name="Extractor">Name of the extractor ("NearDup", "SmartReader").</param>
/// <param name="Precision">Mean per-page precision (article-extraction) or snippet precision (trafilatura).</param>
/// <param name="Recall">Mean per-page recall or snippet recall.</param>
/// <param name="F1">Harmonic mean of <paramref name="Precision"/> and <paramref name="Recall"/>.</param>
/// <param name="Pages">Pages scored.</param>
/// <param name="EmptyPages">Pages where the extractor returned no text.</param>
/// <param name="Time">Extraction time summed over pages (decoding, parsing and extraction; not scoring).</param>
public sealed record ExtractionScore(
    string Extractor, double Precision, double Recall, double F1, int Pages, int EmptyPages, TimeSpan Time);
