using BenchmarkDotNet.Attributes;
using NearDup.Segment;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Benchmarks;

/// <summary>Sentences per second of each encoder path, on the seed articles' 102 news sentences.</summary>
[MemoryDiagnoser]
public class SemanticEncoderBench
{
    private string[] sentences = [];
    private float[] destination = [];
    private ISentenceEncoder encoder = null!;

    [Params("package", "minilm-fp32", "minilm-int8", "static")]
    public string Path { get; set; } = "minilm-int8";

    [GlobalSetup]
    public void Setup()
    {
        string seeds = SemanticBenchData.SeedsDirectory();
        var list = new List<string>();
        foreach (string file in Directory.GetFiles(seeds, "*.txt").Order())
        {
            string text = File.ReadAllText(file);
            foreach (var span in Segmenter.Segment(text).Sentences)
            {
                list.Add(span.Slice(text).ToString());
            }
        }

        sentences = [.. list];
        encoder = Path switch
        {
            "package" => new PackagedMiniLmEncoder(batchSize: 8),
            "minilm-fp32" => new MiniLmEncoder(new MiniLmOptions { Precision = MiniLmPrecision.Float32 }),
            "minilm-int8" => new MiniLmEncoder(new MiniLmOptions { Precision = MiniLmPrecision.Int8 }),
            _ => StaticEmbeddingEncoder.Default,
        };
        destination = new float[sentences.Length * encoder.Dimension];
    }

    [GlobalCleanup]
    public void Cleanup() => (encoder as IDisposable)?.Dispose();

    /// <summary>One pass over all sentences; sentences/s = 102 / mean time.</summary>
    [Benchmark]
    public void Encode() => encoder.Encode(sentences, destination);
}
