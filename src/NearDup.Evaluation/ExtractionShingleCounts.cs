namespace NearDup.Evaluation;

/// <summary>
/// True positive, false positive and false negative shingle counts of one page, divided by their sum
/// so that long pages weigh no more than short ones (as the article-extraction benchmark's evaluate.py does).
/// </summary>
public readonly record struct ExtractionShingleCounts(double TruePositives, double FalsePositives, double FalseNegatives);
