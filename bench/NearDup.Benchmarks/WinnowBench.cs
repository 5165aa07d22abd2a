using BenchmarkDotNet.Attributes;
using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>Winnowing alone over precomputed shingles, and the whole fingerprint (all parts, allocated result).</summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class WinnowBench
{
    private readonly Fingerprinter fingerprinter = new();
    private string text = "";
    private ulong[] shingles = [];
    private WinnowFingerprint[] selected = [];

    [Params(1_000, 3_000, 30_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = BenchText.Generate(Size, Size);
        Token[] tokens = Tokenizer.Tokenize(text);
        shingles = new ulong[Shingler.Count(tokens.Length, 5)];
        Shingler.Write(tokens, 5, shingles);
        selected = new WinnowFingerprint[Winnower.MaxCount(shingles.Length, 6)];
    }

    [Benchmark]
    public int Winnow() => Winnower.Select(shingles, 6, selected);

    [Benchmark]
    public int Fingerprint() => fingerprinter.Compute(text).TokenCount; // the fingerprint type is internal
}
