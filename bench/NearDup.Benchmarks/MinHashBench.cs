using BenchmarkDotNet.Attributes;
using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>Tokenize + shingle (5-grams) + MinHash 128, into reused buffers: the signature path alone.</summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class MinHashBench
{
    private readonly FingerprintOptions options = new();
    private readonly uint[] signature = new uint[128];
    private string text = "";
    private Token[] tokens = new Token[1024];
    private ulong[] shingles = new ulong[1024];

    [Params(1_000, 3_000, 30_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => text = BenchText.Generate(Size, Size);

    [Benchmark]
    public uint TokenizeShingleMinHash()
    {
        int n = Tokenizer.Tokenize(text, ref tokens);
        if (shingles.Length < n)
        {
            shingles = new ulong[n * 2];
        }

        int s = Shingler.Write(tokens.AsSpan(0, n), options.ShingleSize, shingles);
        MinHash.Compute(shingles.AsSpan(0, s), signature, options);
        return signature[0];
    }
}
