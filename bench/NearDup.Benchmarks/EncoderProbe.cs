using System.Diagnostics;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Benchmarks;

/// <summary>
/// fp32 against the int8 variants of MiniLM on real sentences (MRPC): load time, sentences per second (wall and
/// per CPU-second) on 1 and 2 threads, cosine to the fp32 vectors. Variants run alternately, round after round,
/// so a shared machine's load falls on all alike.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- encoders [sentences] [rounds]</c>.
/// </summary>
internal static class EncoderProbe
{
    public static void Run(int count, int rounds)
    {
        string[] sentences = ReadSentences(count);
        Console.WriteLine($"{sentences.Length} MRPC sentences; {Environment.ProcessorCount} cores");
        byte[] fp32 = MiniLmModel.ReadModel();
        (string Name, Func<byte[]> Model)[] variants =
        [
            ("fp32", () => fp32),
            ("s8 per-column", () => MiniLmQuantizer.Quantize(fp32, signedWeights: true, perColumn: true)),
            ("s8 col, FFN-out fp32", () => MiniLmQuantizer.Quantize(fp32, signedWeights: true, perColumn: true, maxRows: 384)),
            ("u8 per-column", () => MiniLmQuantizer.Quantize(fp32, signedWeights: false, perColumn: true)),
        ];
        int[] threads = [1, 2];
        var encoders = new MiniLmEncoder[variants.Length, threads.Length];
        for (int v = 0; v < variants.Length; v++)
        {
            var wall = Stopwatch.StartNew();
            byte[] model = variants[v].Model();
            double quantize = wall.Elapsed.TotalSeconds;
            for (int t = 0; t < threads.Length; t++)
            {
                encoders[v, t] = new MiniLmEncoder(new MiniLmOptions { IntraOpThreads = threads[t] }, model);
            }

            Console.WriteLine($"{variants[v].Name,-14} model {model.Length / 1e6:F1} MB, quantize {quantize:F2} s, quantize+2 sessions {wall.Elapsed.TotalSeconds:F2} s");
        }

        int dim = MiniLmModel.Dimension;
        var vectors = new float[variants.Length][];
        for (int v = 0; v < variants.Length; v++)
        {
            vectors[v] = new float[sentences.Length * dim];
            encoders[v, 1].Encode(sentences, vectors[v]); // warm-up, and the vectors compared below
        }

        for (int v = 1; v < variants.Length; v++)
        {
            var cosines = new float[sentences.Length];
            for (int s = 0; s < sentences.Length; s++)
            {
                cosines[s] = SemanticVector.Dot(vectors[0].AsSpan(s * dim, dim), vectors[v].AsSpan(s * dim, dim));
            }

            Array.Sort(cosines);
            Console.WriteLine($"{variants[v].Name,-14} cosine to fp32: mean {cosines.Average():F4}, min {cosines[0]:F4}, 1st percentile {cosines[cosines.Length / 100]:F4}");
        }

        var wallSeconds = new double[variants.Length, threads.Length];
        var cpuSeconds = new double[variants.Length, threads.Length];
        var process = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            for (int t = 0; t < threads.Length; t++)
            {
                for (int v = 0; v < variants.Length; v++)
                {
                    process.Refresh();
                    TimeSpan cpu0 = process.TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    encoders[v, t].Encode(sentences, vectors[v]);
                    wallSeconds[v, t] += wall.Elapsed.TotalSeconds;
                    process.Refresh();
                    cpuSeconds[v, t] += (process.TotalProcessorTime - cpu0).TotalSeconds;
                }
            }
        }

        double total = (double)sentences.Length * rounds;
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {rounds} rounds");
        Console.WriteLine("| variant | threads | sentences/s wall | sentences per CPU-second | wall speed-up vs fp32 |");
        for (int t = 0; t < threads.Length; t++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                Console.WriteLine($"| {variants[v].Name} | {threads[t]} | {total / wallSeconds[v, t]:F0} | {total / cpuSeconds[v, t]:F0} | {wallSeconds[0, t] / wallSeconds[v, t]:F2} |");
            }
        }

        foreach (MiniLmEncoder encoder in encoders)
        {
            encoder.Dispose();
        }
    }

    /// <summary>First encoder of the process (JIT and all), as a scan pays it: <c>-- encoders-load fp32|int8</c>.</summary>
    public static void Load(MiniLmPrecision precision)
    {
        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        byte[] model = MiniLmModel.ReadModel(precision);
        double read = wall.Elapsed.TotalSeconds;
        using var encoder = new MiniLmEncoder(new MiniLmOptions { Precision = precision });
        double total = wall.Elapsed.TotalSeconds;
        var vector = new float[MiniLmModel.Dimension];
        encoder.Encode(["The first sentence pays for the rest."], vector);
        process.Refresh();
        Console.WriteLine($"{precision}: model {model.Length / 1e6:F1} MB read{(precision == MiniLmPrecision.Int8 ? " and quantized" : "")} in {read:F2} s, encoder ready in {total:F2} s, first sentence at {wall.Elapsed.TotalSeconds:F2} s; process CPU {process.TotalProcessorTime.TotalSeconds:F2} s");
    }

    /// <summary>
    /// The int8 cross-encoder of a fresh process, first pair scored: <c>-- cross-encoder-load shipped|at-load</c>
    /// (the shipped int8 layers, or the half-float weights quantized at load as before session 9).
    /// </summary>
    public static void LoadCrossEncoder(bool shipped)
    {
        var process = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        using Stream? weights = shipped ? null : typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceStream("NearDup.Semantic.MiniLM.minilm-paraphrase.ndce");
        using var crossEncoder = new MiniLmCrossEncoder(null, weights);
        double ready = wall.Elapsed.TotalSeconds;
        var probability = new float[1];
        crossEncoder.Score(["The first pair pays for the rest."], ["The rest is paid for by the first pair."], probability);
        process.Refresh();
        Console.WriteLine($"cross-encoder int8 ({(shipped ? "shipped layers" : "quantized at load")}): ready in {ready:F2} s, first pair at {wall.Elapsed.TotalSeconds:F2} s; "
            + $"process CPU {process.TotalProcessorTime.TotalSeconds:F2} s, peak working set {process.PeakWorkingSet64 / 1e6:F0} MB");
        string[] sentences = ReadSentences(1_000);
        var first = sentences.Where((_, i) => i % 2 == 0).ToArray();
        var second = sentences.Where((_, i) => i % 2 == 1).ToArray();
        var probabilities = new float[first.Length];
        var cpu = process.TotalProcessorTime;
        crossEncoder.Score(first, second, probabilities);
        process.Refresh();
        Console.WriteLine($"  {first.Length} MRPC pairs in {(process.TotalProcessorTime - cpu).TotalSeconds:F2} CPU-s; probabilities sum {probabilities.Sum():F4}");
    }

    internal static string[] ReadSentences(int count)
    {
        string seeds = SemanticBenchData.SeedsDirectory();
        string mrpc = Path.Combine(seeds, "..", "eval", "mrpc", "msr_paraphrase_train.txt");
        var list = new List<string>(count);
        foreach ((_, string a, string b) in NearDup.Evaluation.MrpcEvaluator.Read(mrpc))
        {
            if (list.Count >= count)
            {
                break;
            }

            list.Add(a);
            list.Add(b);
        }

        return [.. list];
    }
}
