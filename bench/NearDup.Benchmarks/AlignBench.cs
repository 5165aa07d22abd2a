using BenchmarkDotNet.Attributes;
using NearDup.Align;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// Aligner on one pair: an edited copy (a word substituted, inserted or deleted every ~30 words, head and tail
/// trimmed), a copy with its paragraphs reversed, and a repetitive text ("la la la ...") against itself.
/// </summary>
[MemoryDiagnoser]
public class AlignBench
{
    private Token[] a = [];
    private Token[] b = [];
    private readonly Aligner aligner = new();

    [Params(1_000, 10_000, 100_000)]
    public int Words { get; set; }

    [Params("edited", "shuffled", "repetitive")]
    public string Case { get; set; } = "edited";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var vocabulary = new string[5_000];
        for (int k = 0; k < vocabulary.Length; k++)
        {
            vocabulary[k] = "w" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Zipf-like: small ranks far more often, as in prose.
        string Word() => vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Pow(vocabulary.Length, random.NextDouble()))];

        var words = new List<string>(Words);
        for (int k = 0; k < Words; k++)
        {
            words.Add(Word());
        }

        List<string> copy;
        switch (Case)
        {
            case "repetitive":
                words = Enumerable.Repeat("la", Words).ToList();
                copy = [.. words];
                break;
            case "shuffled":
                var paragraphs = words.Chunk(60).Reverse();
                copy = paragraphs.SelectMany(p => p).ToList();
                break;
            default:
                copy = words.Skip(Words / 20).Take(Words * 9 / 10).ToList();
                for (int at = 0; at < copy.Count; at += random.Next(20, 40))
                {
                    switch (random.Next(3))
                    {
                        case 0: copy[at] = Word(); break;
                        case 1: copy.Insert(at, Word()); break;
                        default: copy.RemoveAt(at); break;
                    }
                }

                break;
        }

        a = Tokenizer.Tokenize(string.Join(' ', words));
        b = Tokenizer.Tokenize(string.Join(' ', copy));
    }

    [Benchmark]
    public int Align() => aligner.Align(a, b).MatchedTokensA;
}
