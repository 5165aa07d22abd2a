using BenchmarkDotNet.Attributes;
using NearDup.Language;

namespace NearDup.Benchmarks;

/// <summary>Language detection of one document (it reads the first 2,000 characters whatever the size).</summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class LanguageBench
{
    private string text = "";

    /// <summary>Document size in characters (3000 ≈ a news article).</summary>
    [Params(3_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => text = BenchText.Generate(Size, Size);

    [Benchmark]
    public string Detect() => LanguageDetector.Detect(text);
}
