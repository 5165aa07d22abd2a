using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// A paraphrase cross-encoder: all-MiniLM-L6-v2 reading <c>[CLS] a [SEP] b [SEP]</c>, its top layers fine-tuned on
/// MRPC's train split (tools/NearDup.Train), and a logistic head over the two sentences' mean token vectors u and v
/// after they have read each other, as [u, v, |u − v|, u ⊙ v]. Only the fine-tuned tensors ship: in int8 (the default), quantized as
/// the encoder's graph is, and read by ONNX Runtime over the shipped int8 encoder graph in place of its own layers; in
/// half floats for fp32, replacing the packaged graph's initializers at load. About as costly per
/// pair as <see cref="MiniLmEncoder"/> is per sentence, so it suits verifying the few pairs a cheaper stage
/// proposes, not all pairs. Thread-safe.
/// </summary>
public sealed class MiniLmCrossEncoder : IParaphraseVerifier, IDisposable
{
    private const string WeightsResource = "NearDup.Semantic.MiniLM.minilm-paraphrase.ndce";
    private const string Int8Resource = "NearDup.Semantic.MiniLM.minilm-paraphrase-int8.onnx";
    private readonly InferenceSession session;
    private readonly MiniLmOptions options;
    private readonly WordPieceTokenizer tokenizer;
    private readonly float[] classifierWeight;
    private readonly float classifierBias;
    private readonly IDisposable[] initializers = []; // the layers the session reads in place of the encoder graph's: alive as long as it is
    private readonly SharedWordEmbeddings.Holder? words; // the process's word table, whose rows the ids are mapped to

    /// <summary>
    /// Probability threshold of <see cref="Threshold"/> by default: 0.5, where the trained model's log-loss puts the
    /// decision (docs/EVALUATION.md gives its cross-validated figures on MRPC's train split).
    /// </summary>
    public const float DefaultThreshold = 0.5f;

    /// <param name="options">How to run ONNX Runtime (precision, threads, batches); <see cref="MiniLmOptions.MaxSequenceLength"/> bounds the pair.</param>
    public MiniLmCrossEncoder(MiniLmOptions? options = null)
        : this(options, null)
    {
    }

    /// <param name="options">As above.</param>
    /// <param name="weights">A weights file to load instead of the shipped one (tools/NearDup.Train <c>--out</c>, or a
    /// fold's model from <c>--fold-out</c> to score data that model never saw); null: the shipped weights.</param>
    public MiniLmCrossEncoder(MiniLmOptions? options, Stream? weights)
    {
        this.options = options ?? new();
        this.options.Validate();
        tokenizer = MiniLmModel.Tokenizer;
        if (weights is null && this.options.Precision == MiniLmPrecision.Int8 && MiniLmModel.ShippedInt8Path is { } encoderGraph && OpenShippedInt8() is { } shippedInt8)
        {
            // The shipped int8 layers over the encoder's shipped int8 graph: nothing parsed or quantized at load.
            GraphProto layers;
            using (shippedInt8)
            {
                layers = GraphProto.Parser.ParseFrom(shippedInt8);
                MappedResource.Release(shippedInt8);
            }

            var classifier = layers.Initializer.Where(t => t.Name.StartsWith("classifier.", StringComparison.Ordinal)).ToDictionary(t => t.Name, Floats, StringComparer.Ordinal);
            var replaced = layers.Initializer.Where(t => !classifier.ContainsKey(t.Name)).ToList();
            (classifierWeight, classifierBias) = Classifier(classifier["classifier.weight"], classifier["classifier.bias"]);
            session = this.options.CreateSession(encoderGraph, replaced, out initializers);
            words = initializers.OfType<SharedWordEmbeddings.Holder>().FirstOrDefault();
            return;
        }

        Dictionary<string, (long[] Dims, float[] Values)> tensors;
        using (Stream stream = weights ?? OpenShippedWeights())
        {
            tensors = CrossEncoderWeights.Read(stream);
        }

        (classifierWeight, classifierBias) = Classifier(tensors["classifier.weight"].Values, tensors["classifier.bias"].Values);
        byte[] bytes = FineTunedGraph(tensors);
        if (this.options.Precision == MiniLmPrecision.Int8)
        {
            bytes = MiniLmQuantizer.Quantize(bytes);
        }

        session = this.options.CreateSession(bytes);
    }

    /// <summary>The packaged fp32 graph with the fine-tuned tensors in place of its own.</summary>
    private static byte[] FineTunedGraph(Dictionary<string, (long[] Dims, float[] Values)> tensors)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(MiniLmModel.ReadModel());
        Dictionary<string, TensorProto> initializers = MiniLmGraphWeights.ByName(model.Graph, out _);
        foreach ((string name, (long[] dims, float[] values)) in tensors)
        {
            if (name.StartsWith("classifier.", StringComparison.Ordinal))
            {
                continue;
            }

            TensorProto target = initializers.TryGetValue(name, out TensorProto? found)
                ? found
                : throw new InvalidDataException($"Cross-encoder tensor '{name}' names no initializer of the MiniLM graph.");
            if (!target.Dims.SequenceEqual(dims))
            {
                throw new InvalidDataException($"Cross-encoder tensor '{name}' is [{string.Join(", ", dims)}]; the graph's is [{string.Join(", ", target.Dims)}].");
            }

            target.FloatData.Clear();
            target.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        return model.ToByteArray();
    }

    /// <summary>
    /// What <c>minilm-paraphrase-int8.onnx</c> holds: the initializers of the shipped cross-encoder's int8 graph
    /// (<see cref="MiniLmQuantizer"/> over the fine-tuned fp32 one) that differ from the shipped int8 encoder graph's
    /// (every layer: weights in int8 with their scales, biases, LayerNorms), and the classifier, as an ONNX graph of
    /// initializers only. Loading the cross-encoder then quantizes nothing and holds no fp32 graph.
    /// </summary>
    internal static byte[] Int8Layers()
    {
        Dictionary<string, (long[] Dims, float[] Values)> tensors;
        using (Stream stream = OpenShippedWeights())
        {
            tensors = CrossEncoderWeights.Read(stream);
        }

        GraphProto crossEncoder = ModelProto.Parser.ParseFrom(MiniLmQuantizer.Quantize(FineTunedGraph(tensors))).Graph;
        var encoder = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in ModelProto.Parser.ParseFrom(MiniLmModel.ReadModel(MiniLmPrecision.Int8)).Graph.Initializer)
        {
            encoder[tensor.Name] = tensor;
        }

        var layers = new GraphProto { Name = "minilm-l6-cross-mrpc-int8 layers" };
        foreach (TensorProto tensor in crossEncoder.Initializer)
        {
            if (!encoder.TryGetValue(tensor.Name, out TensorProto? shared))
            {
                throw new InvalidDataException($"The int8 cross-encoder's initializer '{tensor.Name}' is not in the int8 encoder graph.");
            }

            if (!tensor.Equals(shared))
            {
                layers.Initializer.Add(tensor);
            }
        }

        foreach (string name in (string[])["classifier.weight", "classifier.bias"])
        {
            (long[] dims, float[] values) = tensors[name];
            layers.Initializer.Add(new TensorProto
            {
                Name = name,
                DataType = (int)TensorProto.Types.DataType.Float,
                Dims = { dims },
                RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
            });
        }

        return layers.ToByteArray();
    }

    private static (float[] Weight, float Bias) Classifier(float[] weight, float[] bias) =>
        weight.Length == 4 * MiniLmModel.Dimension && bias.Length == 1
            ? (weight, bias[0])
            : throw new InvalidDataException($"Cross-encoder classifier has {weight.Length} weights; [u, v, |u - v|, u * v] needs {4 * MiniLmModel.Dimension}.");

    private static float[] Floats(TensorProto tensor) => MiniLmQuantizer.ReadFloats(tensor, (int)tensor.Dims.Aggregate(1L, (x, y) => x * y));

    public string Name => NameOf(options.Precision);

    public float Threshold { get; init; } = DefaultThreshold;

    /// <summary>Whether the shipped weights are in this build (they are generated by tools/NearDup.Train).</summary>
    public static bool IsAvailable => typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceInfo(WeightsResource) is not null;

    public void Score(IReadOnlyList<string> first, IReadOnlyList<string> second, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count || probabilities.Length < first.Count)
        {
            throw new ArgumentException($"Score needs as many second sentences ({second.Count}) as first ({first.Count}) and room for their probabilities ({probabilities.Length}).", nameof(probabilities));
        }

        var inputs = new CrossEncoderInput[first.Count];
        var order = new int[first.Count];
        var lengths = new int[first.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = CrossEncoderInput.Encode(tokenizer, first[i], second[i], options.MaxSequenceLength);
            order[i] = i;
            lengths[i] = inputs[i].Ids.Length;
        }

        Array.Sort(lengths, order); // batches of similar length: little padding
        int next = 0;
        while (next < order.Length)
        {
            int count = 1;
            while (next + count < order.Length && count < options.MaxBatchSize
                && (count + 1) * lengths[next + count] <= options.MaxBatchTokens)
            {
                count++;
            }

            RunBatch(inputs, order.AsSpan(next, count), lengths[next + count - 1], probabilities);
            next += count;
        }
    }

    private void RunBatch(CrossEncoderInput[] inputs, ReadOnlySpan<int> batch, int length, Span<float> probabilities)
    {
        int size = batch.Length * length;
        var ids = new long[size];
        var mask = new long[size];
        var types = new long[size];
        for (int b = 0; b < batch.Length; b++)
        {
            CrossEncoderInput input = inputs[batch[b]];
            int row = b * length;
            for (int t = 0; t < input.Ids.Length; t++)
            {
                ids[row + t] = input.Ids[t];
                mask[row + t] = 1;
                types[row + t] = t >= input.SecondStart ? 1 : 0;
            }
        }

        // The arena gives back what a pair batch grew it by (up to 2,048 word pieces, 4x the encoder's): dense 20k
        // default scan peak ~411 -> ~392 MB, same CPU. After every encoder batch too: ~378 MB, but +5 % CPU (refaulting).
        words?.Map(ids);
        using var outputs = MiniLmModel.RunHidden(session, ids, mask, types, batch.Length, length, shrinkArena: true);
        ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
        int dim = MiniLmModel.Dimension;
        Span<float> u = stackalloc float[dim];
        Span<float> v = stackalloc float[dim];
        for (int b = 0; b < batch.Length; b++)
        {
            CrossEncoderInput input = inputs[batch[b]];
            ReadOnlySpan<float> tokens = hidden.Slice(b * length * dim, input.Ids.Length * dim);
            Mean(tokens[..(input.SecondStart * dim)], u);
            Mean(tokens[(input.SecondStart * dim)..], v);
            float logit = classifierBias;
            ReadOnlySpan<float> w = classifierWeight;
            for (int k = 0; k < dim; k++)
            {
                logit += (w[k] * u[k]) + (w[dim + k] * v[k]) + (w[(2 * dim) + k] * MathF.Abs(u[k] - v[k])) + (w[(3 * dim) + k] * u[k] * v[k]);
            }

            probabilities[batch[b]] = 1f / (1f + MathF.Exp(-logit));
        }
    }

    /// <summary>The mean of consecutive token vectors.</summary>
    private static void Mean(ReadOnlySpan<float> tokens, Span<float> mean)
    {
        mean.Clear();
        int count = tokens.Length / mean.Length;
        for (int t = 0; t < count; t++)
        {
            SemanticVector.AddScaled(mean, tokens.Slice(t * mean.Length, mean.Length), 1f);
        }

        for (int k = 0; k < mean.Length; k++)
        {
            mean[k] /= count;
        }
    }

    public void Dispose()
    {
        session.Dispose();
        foreach (var value in initializers)
        {
            value.Dispose();
        }
    }

    /// <summary>The <see cref="Name"/> of the shipped weights at <paramref name="precision"/>.</summary>
    internal static string NameOf(MiniLmPrecision precision) => precision == MiniLmPrecision.Int8 ? "minilm-l6-cross-mrpc-int8" : "minilm-l6-cross-mrpc";

    /// <summary>Whether this build ships the int8 layers (<see cref="Int8Layers"/>); without them int8 quantizes at load.</summary>
    internal static bool IsInt8Shipped => typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceInfo(Int8Resource) is not null;

    private static Stream? OpenShippedInt8() => typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceStream(Int8Resource);

    private static Stream OpenShippedWeights() =>
        typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceStream(WeightsResource)
        ?? throw new InvalidOperationException($"Resource '{WeightsResource}' is missing: train it with tools/NearDup.Train (docs/EVALUATION.md).");
}
