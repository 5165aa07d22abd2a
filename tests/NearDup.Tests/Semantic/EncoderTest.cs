using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

public class EncoderTest
{
    private static float[] Encode(ISentenceEncoder encoder, params string[] sentences)
    {
        var vectors = new float[sentences.Length * encoder.Dimension];
        encoder.Encode(sentences, vectors);
        return vectors;
    }

    [Fact]
    public void WordPiece_SplitsPunctuationAndUnknownWordsLikeBert()
    {
        var tokenizer = MiniLmModel.Tokenizer;
        var ids = new int[64];
        int n = tokenizer.Encode("Pyongyang, Café “Hi”!", ids, ids.Length);
        var tokens = ids[..n].Select(tokenizer.Token).ToArray();
        Assert.Equal(["p", "##yon", "##gy", "##ang", ",", "cafe", "“", "hi", "”", "!"], tokens);
    }

    [Fact]
    public void WordPiece_StopsAtMaxTokens_AndSurvivesHostileInput()
    {
        var tokenizer = MiniLmModel.Tokenizer;
        var ids = new int[8];
        Assert.Equal(8, tokenizer.Encode(string.Concat(Enumerable.Repeat("word ", 100)), ids, 8));
        Assert.Equal(1, tokenizer.Encode(new string('x', 500), ids, 8)); // one [UNK] for an over-long word
        Assert.Equal(tokenizer.UnknownId, ids[0]);
        Assert.Equal(0, tokenizer.Encode("\u0000\u200B \uD800", ids, 8)); // controls, format char, lone surrogate
    }

    [Fact]
    public void MiniLm_AgreesWithThePackagedEncoder_OnPlainSentences()
    {
        string[] sentences = ["The cat sat on the mat.", "Russian President Vladimir Putin signed a mutual defence agreement on Wednesday."];
        using var packaged = new PackagedMiniLmEncoder();
        var expected = Encode(packaged, sentences);
        var actual = Encode(SemanticTestData.EncoderFor(MiniLmPrecision.Float32), sentences);
        for (int s = 0; s < sentences.Length; s++)
        {
            Assert.True(SemanticVector.Dot(expected.AsSpan(s * 384, 384), actual.AsSpan(s * 384, 384)) > 0.999f);
        }
    }

    [Fact]
    public void Int8_AgreesWithFloat32_OnRealSentences()
    {
        var pairs = SemanticTestData.Mrpc().GetRange(0, 150);
        string[] sentences = [.. pairs.Select(p => p.A), .. pairs.Select(p => p.B)];
        var fp32 = Encode(SemanticTestData.EncoderFor(MiniLmPrecision.Float32), sentences);
        var int8 = Encode(SemanticTestData.EncoderFor(MiniLmPrecision.Int8), sentences);
        double sum = 0;
        float min = 1;
        for (int s = 0; s < sentences.Length; s++)
        {
            float cosine = SemanticVector.Dot(fp32.AsSpan(s * 384, 384), int8.AsSpan(s * 384, 384));
            sum += cosine;
            min = MathF.Min(min, cosine);
        }

        // Measured on 400 MRPC sentences: mean 0.993, min 0.988 (docs/PERFORMANCE-semantic.md).
        Assert.True(sum / sentences.Length > 0.99, $"mean cosine {sum / sentences.Length:F4}");
        Assert.True(min > 0.98, $"min cosine {min:F4}");
    }

    [Fact]
    public void Int8_VectorOfASentence_BarelyDependsOnItsBatch()
    {
        // Activations are quantized with one scale per batch, so batch mates shift a vector a little.
        string sentence = "Russian President Vladimir Putin signed a mutual defence agreement on Wednesday.";
        var alone = Encode(SemanticTestData.EncoderFor(MiniLmPrecision.Int8), sentence);
        var batched = Encode(SemanticTestData.EncoderFor(MiniLmPrecision.Int8), [sentence, .. SemanticTestData.Mrpc().GetRange(0, 20).Select(p => p.A)]);
        Assert.True(SemanticVector.Dot(alone, batched.AsSpan(0, 384)) > 0.98f);
    }

    [Fact]
    public void Encoders_WriteUnitVectors_AndZeroForEmptySentences()
    {
        foreach (ISentenceEncoder encoder in new ISentenceEncoder[] { SemanticTestData.Encoder, StaticEmbeddingEncoder.Default })
        {
            var v = Encode(encoder, "Markets fell sharply on Monday.", "", "Stocks dropped steeply at the start of the week.", "A recipe for apple pie.");
            int d = encoder.Dimension;
            Assert.Equal(1f, SemanticVector.Dot(v.AsSpan(0, d), v.AsSpan(0, d)), 3);
            Assert.True(v.AsSpan(d, d).IndexOfAnyExcept(0f) < 0);
            float close = SemanticVector.Dot(v.AsSpan(0, d), v.AsSpan(2 * d, d));
            float far = SemanticVector.Dot(v.AsSpan(0, d), v.AsSpan(3 * d, d));
            Assert.True(close > far + 0.2f, $"{encoder.Name}: close {close:F2}, far {far:F2}");
        }
    }

    [Fact]
    public void StaticTable_RoundTripsAndRejectsBadHeaders()
    {
        var table = StaticEmbeddingTable.Quantize(3, 4, [1, 0, 0, 0, 0, 0, 0, 0, 0.5f, -0.25f, 0, 1]);
        using var stream = new MemoryStream();
        table.Write(stream);
        stream.Position = 0;
        var read = StaticEmbeddingTable.Read(stream);
        var row = new float[4];
        read.AddTo(2, 1f, row);
        Assert.Equal([0.5f, -0.25f, 0, 1], row.Select(x => MathF.Round(x, 2)));
        Assert.Throws<InvalidDataException>(() => StaticEmbeddingTable.Read(new MemoryStream(new byte[16])));
    }

    [Theory]
    [InlineData(384)] // the shipped width: the vector path only
    [InlineData(37)] // two vector steps and a scalar tail
    [InlineData(5)] // the scalar path only
    public void StaticTable_RowSum_IsTheScalarSum_BitForBit(int dimension)
    {
        var table = RandomTable(4, dimension, seed: 3);
        var destination = new float[dimension];
        var expected = new float[dimension];
        for (int id = 0; id < 4; id++)
        {
            float weight = 0.25f + id;
            table.AddTo(id, weight, destination);

            // The reference: each int8 value widened, times the row's scale times the weight, added in order.
            var unit = new float[dimension];
            table.AddTo(id, 1f, unit);
            float scale = unit.Select(MathF.Abs).Max() / 127f;
            for (int d = 0; d < dimension; d++)
            {
                float q = MathF.Round(unit[d] / scale);
                expected[d] += q * (scale * weight);
            }
        }

        Assert.Equal(expected, destination);
    }

    [Theory]
    [InlineData(384)] // the shipped width: blocks of 64 only
    [InlineData(70)] // one block and a scalar tail
    [InlineData(5)] // the scalar tail only
    public void StaticTable_SentenceSum_IsTheTokenByTokenSum_BitForBit(int dimension)
    {
        var table = RandomTable(6, dimension, seed: 5);
        float[] weights = [0.3f, 0f, 1.7f, 0.01f, 2.5f, 0.9f];
        int[] ids = [2, 0, 1, 2, 5, 4, 3, 3, 0];
        var expected = new float[dimension];
        foreach (int id in ids)
        {
            table.AddTo(id, weights[id], expected);
        }

        var sum = new float[dimension];
        table.AddTo(ids, weights, sum);
        Assert.Equal(expected, sum);
    }

    // A table of uniform values in [-1, 1), quantized as the shipped one is.
    private static StaticEmbeddingTable RandomTable(int size, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[size * dimension];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return StaticEmbeddingTable.Quantize(size, dimension, values);
    }

    /// <summary>Regenerates the shipped table: run with <c>-method '*DistillStaticTable*' -explicit only</c>.</summary>
    [Fact(Explicit = true)]
    public void DistillStaticTable()
    {
        using var encoder = new MiniLmEncoder(new MiniLmOptions { MaxBatchSize = 512, Precision = MiniLmPrecision.Float32 });
        var table = StaticEmbeddingTable.Distill(encoder);
        string path = Path.Combine(RepoRoot(), "src", "NearDup.Semantic.MiniLM", "minilm-static.ndst");
        using var file = File.Create(path);
        table.Write(file);
    }

    private static string RepoRoot() => TestPaths.RepoRoot;
}
