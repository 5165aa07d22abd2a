using NearDup.Semantic.MiniLM;
using Onnx;

namespace NearDup.Tests.Semantic;

public class CrossEncoderTest
{
    [Fact]
    public void Input_IsClsFirstSepSecondSep_WithTypeOneFromTheSecondSentence()
    {
        WordPieceTokenizer tokenizer = MiniLmModel.Tokenizer;
        var input = CrossEncoderInput.Encode(tokenizer, "The cat sat.", "A cat was sitting.", 128);

        Assert.Equal(tokenizer.ClassificationId, input.Ids[0]);
        Assert.Equal(tokenizer.SeparatorId, input.Ids[input.SecondStart - 1]);
        Assert.Equal(tokenizer.SeparatorId, input.Ids[^1]);
        Assert.Equal("the cat sat .", string.Join(' ', input.Ids[1..(input.SecondStart - 1)].Select(tokenizer.Token)));
        Assert.Equal("a cat was sitting .", string.Join(' ', input.Ids[input.SecondStart..^1].Select(tokenizer.Token)));
    }

    [Fact]
    public void Input_OverBudget_CutsTheLongerSentenceFirst()
    {
        string longer = string.Join(' ', Enumerable.Repeat("word", 40));
        var input = CrossEncoderInput.Encode(MiniLmModel.Tokenizer, longer, "one two three", 20);

        Assert.Equal(20, input.Ids.Length);
        Assert.Equal(3, input.Ids.Length - input.SecondStart - 1); // the short sentence kept whole
    }

    [Fact]
    public void Weights_RoundTrip_AtHalfPrecision()
    {
        float[] values = [0.5f, -1.25f, 3.1415927f, 1e-3f];
        using var stream = new MemoryStream();
        CrossEncoderWeights.Write(stream, [("encoder.layer.5.output.dense.bias", [4], values)]);
        stream.Position = 0;

        var read = CrossEncoderWeights.Read(stream);

        (long[] dims, float[] back) = read["encoder.layer.5.output.dense.bias"];
        Assert.Equal([4L], dims);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], back[i], Math.Abs(values[i]) * 1e-3f); // half keeps 11 significant bits
        }
    }

    [Fact]
    public void GraphWeights_NameEveryLinearLayer_AndThePooler()
    {
        GraphProto graph = ModelProto.Parser.ParseFrom(MiniLmModel.ReadModel()).Graph;

        var weights = MiniLmGraphWeights.ByName(graph, out HashSet<string> transposed);

        Assert.Equal(36, transposed.Count); // 6 layers × query, key, value, attention output, intermediate, output
        Assert.Equal([384L, 1536L], weights["encoder.layer.5.intermediate.dense.weight"].Dims); // [in, out]
        Assert.Equal([1536L, 384L], weights["encoder.layer.5.output.dense.weight"].Dims);
        Assert.Contains("encoder.layer.0.attention.self.query.weight", transposed);
        Assert.DoesNotContain("pooler.dense.weight", transposed); // a Gemm with transB: [out, in]
        Assert.Equal([384L, 384L], weights["pooler.dense.weight"].Dims);
    }

    [Fact]
    public void Shipped_ParaphraseScoresAboveUnrelated_AndInt8AgreesWithFloat32()
    {
        Assert.True(MiniLmCrossEncoder.IsAvailable, "minilm-paraphrase.ndce is not embedded: train it with tools/NearDup.Train.");
        using var int8 = new MiniLmCrossEncoder();
        using var float32 = new MiniLmCrossEncoder(new MiniLmOptions { Precision = MiniLmPrecision.Float32 });
        string[] first =
        [
            "The company said its quarterly profit rose 12 percent on strong sales in Asia.",
            "The company said its quarterly profit rose 12 percent on strong sales in Asia.",
        ];
        string[] second =
        [
            "Quarterly profit at the company climbed 12 percent, helped by strong Asian sales, it said.",
            "Heavy rain flooded several roads in the north of the city on Tuesday.",
        ];
        var p8 = new float[2];
        var p32 = new float[2];

        int8.Score(first, second, p8);
        float32.Score(first, second, p32);

        Assert.True(p32[0] >= int8.Threshold && p32[1] < int8.Threshold, $"float32: paraphrase {p32[0]:0.000}, unrelated {p32[1]:0.000}");
        Assert.True(p8[0] >= int8.Threshold && p8[1] < int8.Threshold, $"int8: paraphrase {p8[0]:0.000}, unrelated {p8[1]:0.000}");
        Assert.Equal(p32[0], p8[0], 0.1f);
    }

    [Fact]
    public void Score_WithUnequalLists_Throws()
    {
        using var verifier = new MiniLmCrossEncoder();
        Assert.Throws<ArgumentException>(() => verifier.Score(["a"], ["b", "c"], new float[2]));
    }

    [Fact]
    public void ShippedInt8Layers_ScoreAsTheTrainedWeightsQuantizedAtLoad()
    {
        Assert.True(MiniLmCrossEncoder.IsInt8Shipped, "minilm-paraphrase-int8.onnx is not embedded: run WriteInt8Layers.");
        using var shipped = new MiniLmCrossEncoder();
        using Stream weights = typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceStream("NearDup.Semantic.MiniLM.minilm-paraphrase.ndce")!;
        using var atLoad = new MiniLmCrossEncoder(null, weights); // a weights stream takes the quantize-at-load path
        string[] first = ["The company said its quarterly profit rose 12 percent on strong sales in Asia.", "Officials said the bridge would reopen next week.", "He won."];
        string[] second = ["Quarterly profit at the company climbed 12 percent, helped by strong Asian sales, it said.", "Heavy rain flooded several roads in the north of the city on Tuesday.", "He lost the final in three sets."];
        var expected = new float[3];
        var actual = new float[3];

        atLoad.Score(first, second, expected);
        shipped.Score(first, second, actual);

        Assert.Equal(expected, actual); // the same int8 graph: the same probabilities, bit for bit
    }

    [Fact]
    public void ShippedInt8Layers_AreNotStale()
    {
        using Stream? stream = typeof(MiniLmCrossEncoder).Assembly.GetManifestResourceStream("NearDup.Semantic.MiniLM.minilm-paraphrase-int8.onnx");
        Assert.NotNull(stream); // regenerate with WriteInt8Layers below
        var shipped = new byte[stream.Length];
        stream.ReadExactly(shipped);
        Assert.True(shipped.AsSpan().SequenceEqual(MiniLmCrossEncoder.Int8Layers()), "minilm-paraphrase-int8.onnx is stale: run WriteInt8Layers");
    }

    /// <summary>Regenerates the shipped int8 layers: run with <c>-method '*WriteInt8Layers*' -explicit only</c>.</summary>
    [Fact(Explicit = true)]
    public void WriteInt8Layers()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "src", "NearDup.Semantic.MiniLM", "minilm-paraphrase-int8.onnx");
        File.WriteAllBytes(path, MiniLmCrossEncoder.Int8Layers());
    }
}
