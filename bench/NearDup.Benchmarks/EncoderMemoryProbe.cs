using System.Diagnostics;
using NearDup.Semantic.MiniLM;

namespace NearDup.Benchmarks;

/// <summary>
/// Peak memory of the int8 MiniLM encoder as a scan uses it: load, then MRPC sentences encoded 256 per call on two
/// workers. One variant per process (the peak is the process's):
/// <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- encoders-memory VARIANT [sentences]</c>, VARIANT one of
/// <c>int8</c> (as shipped), <c>int8-noarena</c>, <c>int8-emb</c> (word embeddings int8 too), <c>int8-emb-noarena</c>, <c>int8-half</c> (word embeddings in half floats),
/// or <c>file:PATH[:noarena]</c> (a graph saved by <c>encoders-write PATH</c>, as if shipped pre-quantized);
/// <c>PROBE_BATCH_TOKENS</c> sets <see cref="MiniLmOptions.MaxBatchTokens"/>.
/// </summary>
internal static class EncoderMemoryProbe
{
    public static void Run(string variant, int count)
    {
        string[] sentences = EncoderProbe.ReadSentences(count);
        long before = PeakResidentKb();
        var wall = Stopwatch.StartNew();
        bool arena = !variant.EndsWith("noarena", StringComparison.Ordinal);
        byte[] model = variant switch
        {
            _ when variant.StartsWith("file:", StringComparison.Ordinal) => File.ReadAllBytes(variant["file:".Length..].Split(':')[0]),
            _ when variant.StartsWith("int8-emb", StringComparison.Ordinal) => MiniLmQuantizer.Quantize(MiniLmModel.ReadModel(), embeddingRows: 1024),
            _ when variant.StartsWith("int8-half", StringComparison.Ordinal) => MiniLmQuantizer.Quantize(MiniLmModel.ReadModel(), embeddingRows: 1024, halfEmbeddings: true),
            _ => MiniLmModel.ReadModel(MiniLmPrecision.Int8),
        };
        long modelBytes = model.Length;
        int tokens = Environment.GetEnvironmentVariable("PROBE_BATCH_TOKENS") is { } t ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : new MiniLmOptions().MaxBatchTokens;
        using var encoder = new MiniLmEncoder(new MiniLmOptions { MemoryArena = arena, MaxBatchTokens = tokens }, model);
        model = null!;
        double load = wall.Elapsed.TotalSeconds;
        long loaded = PeakResidentKb();
        wall.Restart();
        var vectors = new float[sentences.Length * encoder.Dimension];
        const int PerCall = 256;
        int calls = (sentences.Length + PerCall - 1) / PerCall;
        Parallel.For(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            int first = c * PerCall, n = Math.Min(PerCall, sentences.Length - first);
            encoder.Encode(sentences[first..(first + n)], vectors.AsSpan(first * encoder.Dimension, n * encoder.Dimension));
        });
        double encode = wall.Elapsed.TotalSeconds;
        double checksum = 0;
        for (int i = 0; i < vectors.Length; i += 97)
        {
            checksum += vectors[i];
        }

        Console.WriteLine($"{variant}: graph {modelBytes / 1e6:F1} MB, load {load:F2} s, peak RSS before {before / 1024} MB, after load {loaded / 1024} MB, "
            + $"after {sentences.Length} sentences {PeakResidentKb() / 1024} MB (now {ResidentKb() / 1024} MB), encode {encode:F2} s, managed committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6:F0} MB, checksum {checksum:F4}");
    }

    /// <summary>Writes the int8 graph with int8 (or, for a path ending in <c>half.onnx</c>, half-float; <c>fp32emb.onnx</c>, as shipped) word embeddings to <paramref name="path"/>.</summary>
    public static void Write(string path)
    {
        byte[] model = path.EndsWith("fp32emb.onnx", StringComparison.Ordinal)
            ? MiniLmQuantizer.Quantize(MiniLmModel.ReadModel())
            : MiniLmQuantizer.Quantize(MiniLmModel.ReadModel(), embeddingRows: 1024, halfEmbeddings: path.EndsWith("half.onnx", StringComparison.Ordinal));
        File.WriteAllBytes(path, model);
        Console.WriteLine($"{path}: {model.Length / 1e6:F1} MB");
    }

    private static long PeakResidentKb() => StatusKb("VmHWM:");

    private static long ResidentKb() => StatusKb("VmRSS:");

    private static long StatusKb(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
