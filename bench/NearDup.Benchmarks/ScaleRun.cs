using System.Diagnostics;
using NearDup.Candidates;
using NearDup.Fingerprint;

namespace NearDup.Benchmarks;

/// <summary>
/// End-to-end scale check of stages 5 and 6 (not a BenchmarkDotNet run): N synthetic ~3 KB articles, 2% near
/// copies (5 words changed) and 2% holding a 300-word excerpt of an earlier article; fingerprints in parallel,
/// then candidate pairs. Texts are regenerated from their index, so memory holds only the index.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- scale 100000</c>.
/// </summary>
internal static class ScaleRun
{
    public static void Run(int n)
    {
        var fingerprinter = new Fingerprinter();
        var fingerprints = new DocumentFingerprint[n];
        long chars = 0;
        var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        TimeSpan cpu0 = process.TotalProcessorTime;
        Parallel.For(0, n, () => 0L, (i, _, local) =>
        {
            string text = Text(i);
            fingerprints[i] = fingerprinter.Compute(text);
            return local + text.Length;
        }, local => Interlocked.Add(ref chars, local));
        TimeSpan fingerprintTime = clock.Elapsed;
        process.Refresh();
        TimeSpan cpu1 = process.TotalProcessorTime;

        clock.Restart();
        long generated = 0;
        Parallel.For(0, n, () => 0L, (i, _, local) => local + Text(i).Length, local => Interlocked.Add(ref generated, local));
        TimeSpan generateTime = clock.Elapsed;
        process.Refresh();
        TimeSpan cpu2 = process.TotalProcessorTime;

        clock.Restart();
        var finder = new CandidateFinder();
        foreach (DocumentFingerprint fp in fingerprints)
        {
            finder.Add(fp);
        }

        TimeSpan addTime = clock.Elapsed;
        clock.Restart();
        IReadOnlyList<CandidatePair> pairs = finder.FindPairs();
        TimeSpan pairTime = clock.Elapsed;
        process.Refresh();
        TimeSpan cpu3 = process.TotalProcessorTime;

        var found = new HashSet<(int, int)>();
        foreach (CandidatePair p in pairs)
        {
            found.Add((p.A, p.B));
        }

        int planted = 0, recalled = 0;
        for (int i = 0; i < n; i++)
        {
            if (Source(i) is int s)
            {
                planted++;
                recalled += found.Contains((s, i)) ? 1 : 0;
            }
        }

        long managed = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(finder);
        double mb = chars / 1e6;
        Console.WriteLine($"documents {n:N0}, text {mb:N1} MB (UTF-16 chars as bytes), {Environment.ProcessorCount} cores");
        Console.WriteLine($"generate+fingerprint {fingerprintTime.TotalSeconds:F2} s; generate alone {generateTime.TotalSeconds:F2} s; fingerprint ≈ {(fingerprintTime - generateTime).TotalSeconds:F2} s = {mb / Math.Max(1e-3, (fingerprintTime - generateTime).TotalSeconds):F0} MB/s on all cores");
        double fingerprintCpu = ((cpu1 - cpu0) - (cpu2 - cpu1)).TotalSeconds;
        Console.WriteLine($"fingerprint CPU time ≈ {fingerprintCpu:F2} s = {mb / Math.Max(1e-3, fingerprintCpu):F0} MB/s per core; add + find pairs CPU {(cpu3 - cpu2).TotalSeconds:F2} s");
        Console.WriteLine($"add {addTime.TotalSeconds:F2} s; find pairs {pairTime.TotalSeconds:F2} s; pairs {pairs.Count:N0}; planted {planted:N0}, recalled {recalled:N0}");
        Console.WriteLine($"managed heap after (fingerprints + index) {managed / 1e6:N0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
    }

    // Every 50th document is a near copy of the one before; every 50th + 25 holds an excerpt of document i - 7.
    private static int? Source(int i) => i % 50 == 49 ? i - 1 : i % 50 == 25 ? i - 7 : null;

    private static string Text(int i)
    {
        if (i % 50 == 49)
        {
            string[] words = BenchText.Generate(3000, i - 1).Split(' ');
            var random = new Random(i);
            for (int k = 0; k < 5; k++)
            {
                words[random.Next(words.Length)] = "edited";
            }

            return string.Join(' ', words);
        }

        if (i % 50 == 25)
        {
            string[] source = BenchText.Generate(3000, i - 7).Split(' ');
            string excerpt = string.Join(' ', source.AsSpan(100, Math.Min(300, source.Length - 100)).ToArray());
            return BenchText.Generate(1500, i) + " " + excerpt + " " + BenchText.Generate(800, -i);
        }

        return BenchText.Generate(3000, i);
    }
}
