namespace NearDup.Semantic;

/// <summary>Maps sentences to fixed-size, L2-normalized vectors whose dot product is their cosine similarity.</summary>
/// <remarks>Implementations are thread-safe: one instance may serve parallel scans.</remarks>
public interface ISentenceEncoder
{
    /// <summary>Length of each vector.</summary>
    int Dimension { get; }

    /// <summary>A short name for reports, e.g. <c>minilm-l6-v2</c> or <c>minilm-static</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Writes one unit vector per sentence into <paramref name="destination"/>, row-major
    /// (<c>sentences.Count * Dimension</c> floats). An empty sentence gets the zero vector.
    /// </summary>
    void Encode(IReadOnlyList<string> sentences, Span<float> destination);
}
