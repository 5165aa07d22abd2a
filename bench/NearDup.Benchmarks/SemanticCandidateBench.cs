using BenchmarkDotNet.Attributes;
using NearDup.Semantic;

namespace NearDup.Benchmarks;

/// <summary>Exact top-k search over random 384-dimensional document vectors (the worst case: no structure).</summary>
[MemoryDiagnoser]
public class SemanticCandidateBench
{
    private SemanticCandidateFinder finder = null!;

    [Params(5_000)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        finder = new SemanticCandidateFinder(384);
        var v = new float[384];
        for (int i = 0; i < Documents; i++)
        {
            for (int d = 0; d < v.Length; d++)
            {
                v[d] = (float)(rng.NextDouble() - 0.5);
            }

            finder.Add(v);
        }
    }

    [Benchmark]
    public int FindPairs() => finder.FindPairs(10, 0.2f).Count;
}

/// <summary>Locates the shared data folder (../shared beside the repository) from the build output.</summary>
internal static class SemanticBenchData
{
    public static string SeedsDirectory() => SharedDirectory("seeds");

    public static string SharedDirectory(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "NearDup.slnx")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir?.FullName ?? ".", "..", "shared", name));
    }
}
