using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace NearDup.Semantic.MiniLM;

/// <summary>How <see cref="MiniLmEncoder"/> runs ONNX Runtime.</summary>
public sealed record MiniLmOptions
{
    /// <summary>Weights as shipped (fp32) or quantized to int8 at load. Default int8 (docs/PERFORMANCE-semantic.md).</summary>
    public MiniLmPrecision Precision { get; init; } = MiniLmPrecision.Int8;

    /// <summary>
    /// Threads inside one inference (ORT intra-op). Default 1: callers such as the scan encode on several workers at
    /// once, and more ORT threads under them only oversubscribe the cores (docs/PERFORMANCE-semantic.md).
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Whether ORT's worker threads spin while waiting for work. Default false: on a shared machine spinning burns
    /// the cores other work needs, for no gain in throughput (docs/PERFORMANCE-semantic.md).
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Most sentences in one batch. Default 32.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// Most padded word pieces in one batch (sentences × longest). Batches are built from sentences sorted by
    /// length, so padding stays small. Default 2048.
    /// </summary>
    public int MaxBatchTokens { get; init; } = 2048;

    /// <summary>Longest input in word pieces, [CLS] and [SEP] included; longer sentences are cut. Default 256.</summary>
    public int MaxSequenceLength { get; init; } = MiniLmModel.MaxSequenceLength;

    /// <summary>
    /// ORT's CPU arena (buffers kept across runs). Default true, as ORT ships: off (with memory patterns), 4,000 MRPC
    /// sentences on two workers peaked higher (348 against 234 MB, the allocator's heap grows instead), for no speed
    /// gain (<c>bench/NearDup.Benchmarks -- encoders-memory</c>).
    /// </summary>
    internal bool MemoryArena { get; init; } = true;

    internal void Validate()
    {
        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Precision must be Float32 or Int8.");
        }

        if (IntraOpThreads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be at least 1.");
        }

        if (MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be at least 1.");
        }

        if (MaxSequenceLength is < 3 or > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSequenceLength), MaxSequenceLength, "MaxSequenceLength must be in [3, 512].");
        }

        if (MaxBatchTokens < MaxSequenceLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchTokens), MaxBatchTokens, "MaxBatchTokens must be at least MaxSequenceLength.");
        }
    }

    /// <summary>An ONNX Runtime session over <paramref name="model"/> run as these options say (threads, spinning).</summary>
    internal InferenceSession CreateSession(byte[] model)
    {
        using var sessionOptions = NewSessionOptions();
        return new InferenceSession(model, sessionOptions);
    }

    /// <summary>
    /// An ONNX Runtime session over the graph at <paramref name="modelPath"/> (read by ORT: no managed copy), with
    /// <paramref name="replaced"/> read in place of its initializers of the same names (ORT's AddInitializer);
    /// <paramref name="held"/> hold their data: dispose them after the session. Over the shipped int8 graph the word
    /// embeddings are the process's one copy (<see cref="SharedWordEmbeddings"/>).
    /// </summary>
    internal InferenceSession CreateSession(string modelPath, IReadOnlyList<TensorProto> replaced, out IDisposable[] held)
    {
        using var sessionOptions = NewSessionOptions();
        var values = new List<IDisposable>(replaced.Count + 1);
        try
        {
            foreach (var tensor in replaced)
            {
                var value = TensorValue(tensor);
                values.Add(value);
                sessionOptions.AddInitializer(tensor.Name, value);
            }

            if (!replaced.Any(t => t.Name == SharedWordEmbeddings.Name) && SharedWordEmbeddings.Hold(modelPath) is { } wordEmbeddings)
            {
                values.Add(wordEmbeddings);
                sessionOptions.AddInitializer(SharedWordEmbeddings.Name, wordEmbeddings.Value);
            }

            // ORT parses the graph it is given whole: without the bytes it is given instead (the word embeddings, 47 of
            // the shipped graph's 59 MB, and the cross-encoder's layers), a session's build holds 12 MB of protobuf
            // (peak while loading the encoder 219 -> 158 MB, the cross-encoder after it 336 -> 247; bench models-memory).
            HashSet<string> given = [.. replaced.Select(static t => t.Name)];
            if (values.Count > replaced.Count)
            {
                given.Add(SharedWordEmbeddings.Name);
            }

            InferenceSession session;
            if (given.Count > 0 && SharedWordEmbeddings.GraphWithout(modelPath, given) is { } graph)
            {
                // Where the graph's references lead (it is given as bytes); ORT reads none of them.
                sessionOptions.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
                session = new InferenceSession(graph, sessionOptions);
            }
            else
            {
                session = new InferenceSession(modelPath, sessionOptions);
            }
            held = [.. values];
            return session;
        }
        catch
        {
            values.ForEach(static v => v.Dispose());
            throw;
        }
    }

    private SessionOptions NewSessionOptions()
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = MemoryArena,
            // Memory patterns off: a pattern is planned per input shape, and the scan's batches vary in shape, so the
            // arena kept blocks for shapes gone (2,000 sentences encoded and 1,000 pairs scored on two workers: 334 ->
            // 295 MB resident after; bench models-memory). Output and CPU time the same.
            EnableMemoryPattern = false,
        };

        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", AllowSpinning ? "1" : "0");
        if (MemoryArena && SharedArena.Value)
        {
            sessionOptions.AddSessionConfigEntry("session.use_env_allocators", "1");
        }

        return sessionOptions;
    }

    // One CPU arena for every session of the process (ORT's environment allocator), registered once: each session's
    // own arena grew to its runs' peak apart, and the encoder and the cross-encoder run in turn (2,000 sentences and
    // 1,000 pairs on two workers, with the shared word embeddings: 462-470 -> 396 MB; docs/PERFORMANCE.md, "Session 12:
    // dense peak memory").
    private static readonly Lazy<bool> SharedArena = new(() =>
    {
        // What the arena gives back after a cross-encoder run (MiniLmModel.RunHidden) goes back to the system, not to
        // glibc's per-thread heaps (without it the dense 20k scan peaked at 488 MB instead of 392).
        NativeHeap.FixMmapThreshold(NativeHeap.DefaultMmapThreshold);
        using var cpu = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        using var arena = new OrtArenaCfg(0, -1, -1, -1); // ORT's defaults
        OrtEnv.Instance().CreateAndRegisterAllocator(cpu, arena);
        return true;
    });

    // An initializer's raw data as a tensor of its type (the types the quantized graph holds).
    private static OrtValue TensorValue(TensorProto tensor)
    {
        long[] shape = [.. tensor.Dims];
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        return (TensorProto.Types.DataType)tensor.DataType switch
        {
            TensorProto.Types.DataType.Float => OrtValue.CreateTensorValueFromMemory(MiniLmQuantizer.ReadFloats(tensor, (int)shape.Aggregate(1L, (x, y) => x * y)), shape),
            TensorProto.Types.DataType.Int8 => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<byte, sbyte>(raw).ToArray(), shape),
            TensorProto.Types.DataType.Uint8 => OrtValue.CreateTensorValueFromMemory(raw.ToArray(), shape),
            _ => throw new InvalidDataException($"Initializer '{tensor.Name}' has data type {tensor.DataType}, which the shipped graphs do not use."),
        };
    }
}
