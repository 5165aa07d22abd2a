using System.Buffers;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// Sentence vectors without a transformer: the weighted mean of the distilled token vectors of
/// <see cref="StaticEmbeddingTable"/>, minus the table's common direction, normalized. Tens of thousands of
/// sentences per second; coarser than <see cref="MiniLmEncoder"/> (see docs/EVALUATION-semantic.md), so it finds
/// candidates and the model verifies them.
/// </summary>
/// <remarks>
/// Weights are SIF (Arora et al. 2017), <c>a / (a + p(token))</c>, with p estimated from the token's rank under
/// Zipf's law: BERT's vocabulary lists ordinary tokens roughly by frequency from id 1996 ("the") on.
/// </remarks>
public sealed class StaticEmbeddingEncoder : ISentenceEncoder
{
    private const string Resource = "NearDup.Semantic.MiniLM.minilm-static.ndst";
    private const int FirstWordId = 1996;
    private const float SifA = 1e-3f;
    private static readonly Lazy<StaticEmbeddingEncoder> LazyDefault = new(() => new StaticEmbeddingEncoder(LoadShipped()));
    private readonly StaticEmbeddingTable table;
    private readonly WordPieceTokenizer tokenizer;
    private readonly float[] weights;
    private readonly float[] common;

    internal StaticEmbeddingEncoder(StaticEmbeddingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        this.table = table;
        tokenizer = MiniLmModel.Tokenizer;
        if (table.VocabularySize != tokenizer.VocabularySize)
        {
            throw new ArgumentException($"Table has {table.VocabularySize} rows; the vocabulary has {tokenizer.VocabularySize}.", nameof(table));
        }

        weights = new float[table.VocabularySize];
        double harmonic = Math.Log(table.VocabularySize) + 0.5772;
        for (int id = 0; id < weights.Length; id++)
        {
            double rank = Math.Max(1, id - FirstWordId + 1);
            double p = 1.0 / (rank * harmonic);
            weights[id] = (float)(SifA / (SifA + p));
        }

        // The direction every token shares (mean of the weighted table) says nothing about meaning.
        common = new float[table.Dimension];
        for (int id = FirstWordId; id < table.VocabularySize; id++)
        {
            table.AddTo(id, 1f, common);
        }

        SemanticVector.Scale(common, 1f / (table.VocabularySize - FirstWordId));
    }

    /// <summary>The encoder over the table shipped inside this assembly.</summary>
    public static StaticEmbeddingEncoder Default => LazyDefault.Value;

    public int Dimension => table.Dimension;

    public string Name => "minilm-static";

    public void Encode(IReadOnlyList<string> sentences, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int dim = Dimension;
        if (destination.Length < sentences.Count * dim)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; {sentences.Count} sentences need {sentences.Count * dim}.", nameof(destination));
        }

        int[] ids = ArrayPool<int>.Shared.Rent(1024);
        try
        {
            for (int s = 0; s < sentences.Count; s++)
            {
                Span<float> target = destination.Slice(s * dim, dim);
                target.Clear();
                string sentence = sentences[s] ?? string.Empty;
                if (sentence.Length > ids.Length)
                {
                    ArrayPool<int>.Shared.Return(ids);
                    ids = ArrayPool<int>.Shared.Rent(sentence.Length);
                }

                int n = tokenizer.Encode(sentence, ids, ids.Length);
                table.AddTo(ids.AsSpan(0, n), weights, target);
                float total = 0;
                for (int k = 0; k < n; k++)
                {
                    total += weights[ids[k]];
                }

                if (total > 0)
                {
                    SemanticVector.AddScaled(target, common, -total);
                    SemanticVector.Normalize(target);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    private static StaticEmbeddingTable LoadShipped()
    {
        using var stream = typeof(StaticEmbeddingEncoder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Resource '{Resource}' is missing: regenerate it with the explicit test StaticTableTool.Distill.");
        var table = StaticEmbeddingTable.Read(stream);
        MappedResource.Release(stream);
        return table;
    }
}
