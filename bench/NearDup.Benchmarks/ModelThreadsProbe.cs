using System.Diagnostics;
using NearDup.Semantic.MiniLM;

namespace NearDup.Benchmarks;

/// <summary>
/// What handing a model run to <see cref="ModelThreads"/> costs: empty runs handed over from one caller per core (as a
/// scan's workers call), against the same calls made in place; CPU and wall microseconds per handoff. Multiply by a
/// scan's batches (one handoff each) for its cost.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- model-threads [handoffs per caller] [rounds]</c>.
/// </summary>
internal static class ModelThreadsProbe
{
    public static void Run(int handoffs, int rounds)
    {
        int callers = Environment.ProcessorCount;
        Console.WriteLine($"{callers} callers x {handoffs} handoffs, {rounds} rounds");
        Measure("in place", callers, handoffs, static n => n + 1); // warm-up
        for (int round = 0; round < rounds; round++)
        {
            Measure("in place", callers, handoffs, static n => n + 1);
            Measure("handed over", callers, handoffs, static n => ModelThreads.Run(static m => m + 1, n));
        }
    }

    private static void Measure(string name, int callers, int handoffs, Func<int, int> call)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, _ =>
        {
            int n = 0;
            for (int h = 0; h < handoffs; h++)
            {
                n = call(n);
            }

            if (n != handoffs)
            {
                throw new InvalidOperationException($"{n} calls ran, not {handoffs}.");
            }
        });
        double seconds = wall.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        double total = (double)callers * handoffs;
        Console.WriteLine($"{name,-12} CPU {cpu * 1e6 / total,7:F2} us, wall {seconds * 1e6 / handoffs,7:F2} us per call (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }
}
