using BenchmarkDotNet.Attributes;
using NearDup.Text;

namespace NearDup.Benchmarks;

[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class TokenizeBench
{
    private string text = "";
    private Token[] tokens = new Token[1024];

    /// <summary>Document size in characters (3000 ≈ a news article).</summary>
    [Params(1_000, 3_000, 30_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => text = BenchText.Generate(Size, Size);

    [Benchmark]
    public int Tokenize() => Tokenizer.Tokenize(text, ref tokens);
}
