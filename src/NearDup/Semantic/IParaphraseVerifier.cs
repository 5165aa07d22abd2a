namespace NearDup.Semantic;

/// <summary>
/// Judges sentence pairs by reading both sentences together, to confirm or reject what a sentence encoder's cosine
/// proposed (a cross-encoder: <c>MiniLmCrossEncoder</c>). The scan asks it only about the sentence pairs that decide
/// a paraphrase verdict (<see cref="Pipeline.SemanticScanOptions.ParaphraseVerifier"/>). Implementations are thread-safe.
/// </summary>
public interface IParaphraseVerifier
{
    /// <summary>A short name for reports, e.g. <c>minilm-l6-cross-mrpc</c>.</summary>
    string Name { get; }

    /// <summary>Probability at or above which a pair is judged a paraphrase.</summary>
    float Threshold { get; }

    /// <summary>
    /// Writes into <paramref name="probabilities"/> the probability that <c>first[i]</c> and <c>second[i]</c> say
    /// the same thing, for every i.
    /// </summary>
    void Score(IReadOnlyList<string> first, IReadOnlyList<string> second, Span<float> probabilities);
}
