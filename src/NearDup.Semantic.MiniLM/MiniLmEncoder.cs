using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime, run directly: own WordPiece tokenizer, batches of sentences of similar
/// length (little padding), mean pooling over the attention mask, L2 normalization — the sentence-transformers
/// recipe. Thread-safe.
/// </summary>
public sealed class MiniLmEncoder : ISentenceEncoder, IDisposable
{
    private readonly InferenceSession session;
    private readonly IDisposable[] held = []; // what the session reads in place of its graph's own tensors: alive as long as it is
    private readonly SharedWordEmbeddings.Holder? words; // the process's word table, whose rows the ids are mapped to
    private readonly MiniLmOptions options;
    private readonly WordPieceTokenizer tokenizer;
    private int batchesRun;

    public MiniLmEncoder(MiniLmOptions? options = null)
        : this(options, null)
    {
    }

    /// <param name="options">How to run ORT.</param>
    /// <param name="model">A graph to run instead of <see cref="MiniLmModel.ReadModel(MiniLmPrecision)"/> (quantization variants).</param>
    internal MiniLmEncoder(MiniLmOptions? options, byte[]? model)
    {
        this.options = options ?? new();
        this.options.Validate();
        tokenizer = MiniLmModel.Tokenizer;
        // The shipped int8 graph from its file: ORT reads it without a managed copy.
        session = model is null && this.options.Precision == MiniLmPrecision.Int8 && MiniLmModel.ShippedInt8Path is { } path
            ? this.options.CreateSession(path, [], out held)
            : this.options.CreateSession(model ?? MiniLmModel.ReadModel(this.options.Precision));
        words = held.OfType<SharedWordEmbeddings.Holder>().FirstOrDefault();
    }

    public int Dimension => MiniLmModel.Dimension;

    public string Name => NameOf(options.Precision);

    public void Encode(IReadOnlyList<string> sentences, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var pieces = new int[sentences.Count][];
        int[] buffer = ArrayPool<int>.Shared.Rent(options.MaxSequenceLength);
        try
        {
            for (int s = 0; s < sentences.Count; s++)
            {
                int n = tokenizer.Encode(sentences[s] ?? string.Empty, buffer, options.MaxSequenceLength - 2);
                pieces[s] = buffer.AsSpan(0, n).ToArray();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }

        EncodePieces(pieces, destination);
    }

    /// <summary>Encodes word-piece id sequences (without [CLS]/[SEP]); used to distill the static table.</summary>
    internal void EncodePieces(IReadOnlyList<int[]> pieces, Span<float> destination)
    {
        int dim = Dimension;
        if (destination.Length < pieces.Count * dim)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; {pieces.Count} sentences need {pieces.Count * dim}.", nameof(destination));
        }

        destination[..(pieces.Count * dim)].Clear();
        var order = new int[pieces.Count];
        var lengths = new int[pieces.Count];
        for (int s = 0; s < order.Length; s++)
        {
            order[s] = s;
            lengths[s] = pieces[s].Length;
        }

        Array.Sort(lengths, order);
        int next = 0;
        while (next < order.Length && lengths[next] == 0)
        {
            next++; // empty sentences keep the zero vector
        }

        while (next < order.Length)
        {
            // Sorted ascending, so the last sentence of the batch is its longest.
            int count = 1;
            while (next + count < order.Length && count < options.MaxBatchSize
                && (count + 1) * (lengths[next + count] + 2) <= options.MaxBatchTokens)
            {
                count++;
            }

            RunBatch(pieces, order.AsSpan(next, count), lengths[next + count - 1] + 2, destination);
            next += count;
        }
    }

    private void RunBatch(IReadOnlyList<int[]> pieces, ReadOnlySpan<int> batch, int length, Span<float> destination)
    {
        int dim = Dimension;
        int size = batch.Length * length;
        var ids = new long[size];
        var mask = new long[size];
        var types = new long[size];
        for (int b = 0; b < batch.Length; b++)
        {
            int[] p = pieces[batch[b]];
            int row = b * length;
            ids[row] = tokenizer.ClassificationId;
            for (int k = 0; k < p.Length; k++)
            {
                ids[row + 1 + k] = p[k];
            }

            ids[row + 1 + p.Length] = tokenizer.SeparatorId;
            mask.AsSpan(row, p.Length + 2).Fill(1);
        }

        // Every eighth batch gives back what the arena grew by (dense 20k default scan peak ~403 -> ~383-393 MB at the
        // same CPU; every batch cost +5 % CPU refaulting the same pages: docs/PERFORMANCE.md, "Session 17: ONNX Runtime's
        // arena in the default dense scan").
        bool shrink = (Interlocked.Increment(ref batchesRun) & 7) == 0;
        words?.Map(ids);
        using var outputs = MiniLmModel.RunHidden(session, ids, mask, types, batch.Length, length, shrinkArena: shrink);
        ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (int b = 0; b < batch.Length; b++)
        {
            int tokens = pieces[batch[b]].Length + 2;
            Span<float> target = destination.Slice(batch[b] * dim, dim);
            for (int t = 0; t < tokens; t++)
            {
                SemanticVector.AddScaled(target, hidden.Slice(((b * length) + t) * dim, dim), 1f);
            }

            SemanticVector.Normalize(target); // mean pooling then L2: the mean's scale cancels
        }
    }

    public void Dispose()
    {
        session.Dispose();
        foreach (var value in held)
        {
            value.Dispose();
        }
    }

    internal static string NameOf(MiniLmPrecision precision) => precision == MiniLmPrecision.Int8 ? "minilm-l6-v2-int8" : "minilm-l6-v2";
}
