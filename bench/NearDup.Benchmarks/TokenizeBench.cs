using BenchmarkDotNet.Attributes;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// The tokenizer on English-like ASCII news (its block path: 32 chars classified at once, words of up to 16 chars
/// hashed from the text) and on the same text with one word in eight accented (those words and their neighbours take
/// the general path).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class TokenizeBench
{
    private string text = "";
    private string accented = "";
    private Token[] tokens = new Token[1024];

    /// <summary>Document size in characters (3000 ≈ a news article).</summary>
    [Params(1_000, 3_000, 30_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = BenchText.Generate(Size, Size);
        string[] words = text.Split(' ');
        for (int i = 0; i < words.Length; i += 8)
        {
            words[i] = words[i].Replace('e', '\u00E9');
        }

        accented = string.Join(' ', words);
    }

    [Benchmark]
    public int Tokenize() => Tokenizer.Tokenize(text, ref tokens);

    [Benchmark]
    public int TokenizeAccented() => Tokenizer.Tokenize(accented, ref tokens);
}
