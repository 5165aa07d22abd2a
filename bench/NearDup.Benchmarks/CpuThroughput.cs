using System.Diagnostics;
using NearDup.Boilerplate;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Language;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// MB per CPU-second of each stage on one thread, from the process CPU time rather than the wall clock, so a
/// machine shared with other jobs still gives usable figures.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- cpu [size]</c>.
/// </summary>
internal static class CpuThroughput
{
    public static void Run(int size)
    {
        string text = BenchText.Generate(size, size);
        var options = new FingerprintOptions();
        var fingerprinter = new Fingerprinter(options);
        Token[] tokens = new Token[1024];
        ulong[] shingles = new ulong[size];
        uint[] signature = new uint[128];
        var selected = new WinnowFingerprint[size];
        int n = Tokenizer.Tokenize(text, ref tokens);
        int s = Shingler.Write(tokens.AsSpan(0, n), 5, shingles);
        Console.WriteLine($"document {size} chars, {n} tokens, {s} shingles; Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");

        Measure("tokenize", size, () => Tokenizer.Tokenize(text, ref tokens));
        Measure("shingle", size, () => Shingler.Write(tokens.AsSpan(0, n), 5, shingles));
        Measure("minhash 128", size, () => MinHash.Compute(shingles.AsSpan(0, s), signature, options));
        Measure("winnow", size, () => Winnower.Select(shingles.AsSpan(0, s), 6, selected));
        Measure("tokenize+shingle+minhash", size, () =>
        {
            int t = Tokenizer.Tokenize(text, ref tokens);
            int k = Shingler.Write(tokens.AsSpan(0, t), 5, shingles);
            MinHash.Compute(shingles.AsSpan(0, k), signature, options);
        });
        Measure("Fingerprinter.Compute (all)", size, () => fingerprinter.Compute(text));
        Measure("count terms (tf-idf rows)", size, () => TermVectorBuilder.CountTerms(text, tokens.AsSpan(0, n), 2));
        Measure("language", size, () => LanguageDetector.Detect(text));
        string[] lines = text.Split('\n');
        Measure("furniture cues (each line)", size, () =>
        {
            foreach (string line in lines)
            {
                FurnitureCues.Classify(line);
            }
        });
    }

    private static void Measure(string name, int size, Action action)
    {
        for (int i = 0; i < 2000; i++)
        {
            action(); // warm up through the JIT tiers
        }

        var process = Process.GetCurrentProcess();
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            int iterations = 0;
            var wall = Stopwatch.StartNew();
            while (wall.ElapsedMilliseconds < 300)
            {
                for (int i = 0; i < 50; i++)
                {
                    action();
                }

                iterations += 50;
            }

            process.Refresh();
            double perCall = (process.TotalProcessorTime - cpu0).TotalSeconds / iterations;
            best = Math.Min(best, perCall);
        }

        Console.WriteLine($"{name,-30} {best * 1e6,9:F2} µs CPU per document  {size / best / 1e6,8:F0} MB/s per core");
    }
}
