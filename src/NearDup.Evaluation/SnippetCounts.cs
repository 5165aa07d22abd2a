namespace NearDup.Evaluation;

/// <summary>Snippet counts of trafilatura's evaluation: <c>with</c> snippets found (TP) or missed (FN), <c>without</c> snippets found (FP) or not (TN).</summary>
public readonly record struct SnippetCounts(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public double Precision => TruePositives + FalsePositives > 0 ? (double)TruePositives / (TruePositives + FalsePositives) : 0;

    public double Recall => TruePositives + FalseNegatives > 0 ? (double)TruePositives / (TruePositives + FalseNegatives) : 0;

    /// <summary>2TP / (2TP + FP + FN), as upstream computes it.</summary>
    public double F1 => TruePositives > 0 ? 2.0 * TruePositives / (2.0 * TruePositives + FalsePositives + FalseNegatives) : 0;

    internal ExtractionScore ToScore(string extractor, int pages, int empty, TimeSpan time) =>
        new(extractor, Precision, Recall, F1, pages, empty, time);
}
