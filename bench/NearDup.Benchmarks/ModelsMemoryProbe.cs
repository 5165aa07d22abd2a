using System.Globalization;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Benchmarks;

/// <summary>
/// Resident memory of the default scan's two ONNX models as the scan uses them, step by step: the shared int8 encoder
/// encodes MRPC sentences on two workers, the cross-encoder scores pairs on two workers, both unload.
/// <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- models-memory [sentences]</c>. Each line: resident
/// (anonymous + file pages), its peak so far, and the managed heap, so the native part is the difference.
/// </summary>
internal static class ModelsMemoryProbe
{
    public static void Run(int count)
    {
        string[] sentences = EncoderProbe.ReadSentences(count);
        Print("sentences read");
        var encoder = MiniLmPresets.Transformer();
        var verifier = MiniLmPresets.CrossEncoder()!;
        var vector = new float[MiniLmModel.Dimension];
        encoder.Encode(["The first sentence pays for the rest."], vector);
        Print("encoder loaded");
        var vectors = new float[sentences.Length * MiniLmModel.Dimension];
        const int PerCall = 64;
        Parallel.For(0, (sentences.Length + PerCall - 1) / PerCall, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            int first = c * PerCall, n = Math.Min(PerCall, sentences.Length - first);
            encoder.Encode(sentences[first..(first + n)], vectors.AsSpan(first * MiniLmModel.Dimension, n * MiniLmModel.Dimension));
        });
        Print($"{sentences.Length} sentences encoded");
        var probability = new float[1];
        verifier.Score(["The first pair pays for the rest."], ["The rest is paid for by the first pair."], probability);
        Print("cross-encoder loaded");
        var firsts = sentences.Where((_, i) => i % 2 == 0).ToArray();
        var seconds = sentences.Where((_, i) => i % 2 == 1).ToArray();
        var probabilities = new float[firsts.Length];
        Parallel.For(0, (firsts.Length + PerCall - 1) / PerCall, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            int first = c * PerCall, n = Math.Min(PerCall, firsts.Length - first);
            verifier.Score(firsts[first..(first + n)], seconds[first..(first + n)], probabilities.AsSpan(first, n));
        });
        Print($"{firsts.Length} pairs scored");
        IUnloadableModel.UnloadAll(encoder, verifier);
        Print("both unloaded");
        double checksum = 0;
        for (int i = 0; i < vectors.Length; i += 97)
        {
            checksum += vectors[i];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checksum {checksum:F6}, probabilities {probabilities.Sum():F6}"));
    }

    private static void Print(string step)
    {
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        var status = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("Vm", StringComparison.Ordinal) || l.StartsWith("Rss", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => long.Parse(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{step,-28} rss {status["VmRSS"],4} MB (anon {status["RssAnon"],4}, file {status["RssFile"],3}), peak {status["VmHWM"],4} MB, managed live {managed / 1_000_000,3} MB"));
    }
}
