using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using NearDup.Semantic.MiniLM;
using Onnx;

namespace NearDup.Tests.Semantic;

public class MiniLmQuantizerTest
{
    private static readonly float[] Weight = [0.5f, -1f, 0.25f, 2f, -0.75f, 0.1f, 1.5f, -2f, 0.3f, 0.9f, -0.4f, 0.05f];
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f, -0.4f];
    private static readonly float[] Input = [1f, 2f, -1f, 0.5f, -0.5f, 3f];

    // Y = X·W + b with X [2,3], W [3,4]: the Linear layer as PyTorch exports it.
    private static byte[] LinearModel()
    {
        static TensorProto Floats(string name, long[] dims, float[] values) =>
            new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>(values)) };
        static ValueInfoProto Value(string name, long rows, long columns) => new()
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = rows }, new TensorShapeProto.Types.Dimension { DimValue = columns } } } } },
        };
        var graph = new GraphProto
        {
            Name = "linear",
            Node =
            {
                new NodeProto { Name = "MatMul_0", OpType = "MatMul", Input = { "x", "w" }, Output = { "xw" } },
                new NodeProto { Name = "Add_1", OpType = "Add", Input = { "b", "xw" }, Output = { "y" } },
            },
            Initializer = { Floats("w", [3, 4], Weight), Floats("b", [4], Bias) },
            Input = { Value("x", 2, 3) },
            Output = { Value("y", 2, 4) },
        };
        return new ModelProto { IrVersion = 7, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } }.ToByteArray();
    }

    private static float[] Run(byte[] model)
    {
        using var session = new InferenceSession(model);
        using var x = OrtValue.CreateTensorValueFromMemory(Input, [2, 3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [x], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Quantize_RewritesMatMulAndBias_AndKeepsTheResult(bool signedWeights, bool perColumn)
    {
        byte[] model = LinearModel();
        byte[] quantized = MiniLmQuantizer.Quantize(model, signedWeights, perColumn);

        var graph = ModelProto.Parser.ParseFrom(quantized).Graph;
        var node = Assert.Single(graph.Node);
        Assert.Equal("DynamicQuantizeMatMul", node.OpType);
        Assert.Equal(["x", "w_quantized", "w_scale", "w_zero_point", "b"], node.Input);
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "w"); // the fp32 weight is dropped

        float[] expected = Run(model);
        float[] actual = Run(quantized);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) < 0.1f, $"y[{i}]: fp32 {expected[i]}, int8 {actual[i]}");
        }
    }

    [Fact]
    public void Quantize_SharedWeight_IsQuantizedOnce()
    {
        var model = ModelProto.Parser.ParseFrom(LinearModel());
        model.Graph.Node.Add(new NodeProto { Name = "MatMul_2", OpType = "MatMul", Input = { "x", "w" }, Output = { "y2" } });
        var y2 = model.Graph.Output[0].Clone();
        y2.Name = "y2";
        model.Graph.Output.Add(y2);
        byte[] quantized = MiniLmQuantizer.Quantize(model.ToByteArray());
        var graph = ModelProto.Parser.ParseFrom(quantized).Graph;
        Assert.Equal(["DynamicQuantizeMatMul", "DynamicQuantizeMatMul"], graph.Node.Select(n => n.OpType));
        Assert.Equal(["b", "w_quantized", "w_scale", "w_zero_point"], graph.Initializer.Select(t => t.Name).Order());
        using var session = new InferenceSession(quantized); // a valid graph: no initializer twice
    }

    [Fact]
    public void Quantize_LeavesMatMulsWithoutAConstantWeightAlone()
    {
        var model = ModelProto.Parser.ParseFrom(LinearModel());
        model.Graph.Initializer.RemoveAt(0);
        model.Graph.Input.Add(model.Graph.Input[0].Clone());
        model.Graph.Input[1].Name = "w";
        byte[] quantized = MiniLmQuantizer.Quantize(model.ToByteArray());
        Assert.Equal(["MatMul", "Add"], ModelProto.Parser.ParseFrom(quantized).Graph.Node.Select(n => n.OpType));
    }

    // Y = T[ids] with T [5,3]: the word-embedding lookup as BERT exports it.
    private static readonly float[] Table = [0.5f, -1f, 0.25f, 2f, -0.75f, 0.1f, 1.5f, -2f, 0.3f, 0.9f, -0.4f, 0.05f, 0f, 0f, 0f];

    private static byte[] EmbeddingModel()
    {
        var graph = new GraphProto
        {
            Name = "embedding",
            Node = { new NodeProto { Name = "Gather_0", OpType = "Gather", Input = { "table", "ids" }, Output = { "y" } } },
            Initializer =
            {
                new TensorProto { Name = "table", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 5, 3 }, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>(Table)) },
            },
            Input = { new ValueInfoProto { Name = "ids", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Int64, Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 2 }, new TensorShapeProto.Types.Dimension { DimValue = 2 } } } } } } },
            Output = { new ValueInfoProto { Name = "y", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } } },
        };
        return new ModelProto { IrVersion = 7, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } }.ToByteArray();
    }

    private static float[] Lookup(byte[] model, long[] ids)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [2, 2]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["ids"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void Quantize_EmbeddingTable_ReadsInt8Rows_WithinHalfAStepOfEachRowsScale()
    {
        byte[] model = EmbeddingModel();
        byte[] quantized = MiniLmQuantizer.Quantize(model, embeddingRows: 5);

        var graph = ModelProto.Parser.ParseFrom(quantized).Graph;
        Assert.Equal(["Gather", "Cast", "Gather", "Mul"], graph.Node.Select(n => n.OpType));
        Assert.Equal(["table_quantized", "table_scale"], graph.Initializer.Select(t => t.Name).Order()); // the fp32 table is dropped
        Assert.Equal((int)TensorProto.Types.DataType.Int8, graph.Initializer.Single(t => t.Name == "table_quantized").DataType);

        long[] ids = [3, 0, 4, 1];
        float[] expected = Lookup(model, ids);
        float[] actual = Lookup(quantized, ids);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var row = Table.AsSpan((int)ids[i / 3] * 3, 3).ToArray();
            float step = row.Max(MathF.Abs) / 127f;
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= (step / 2) + 1e-6f, $"y[{i}]: fp32 {expected[i]}, int8 {actual[i]}");
        }

        Assert.Equal([0f, 0f, 0f], actual.AsSpan(6, 3).ToArray()); // an all-zero row stays zero
    }

    [Fact]
    public void Quantize_SmallTables_StayFloat()
    {
        byte[] quantized = MiniLmQuantizer.Quantize(EmbeddingModel(), embeddingRows: 6);
        Assert.Equal(["Gather"], ModelProto.Parser.ParseFrom(quantized).Graph.Node.Select(n => n.OpType));
    }

    [Fact]
    public void ShippedInt8Graph_IsThePackagesGraphQuantized()
    {
        byte[]? shipped = MiniLmModel.ReadShippedInt8();
        Assert.NotNull(shipped); // regenerate with WriteInt8Graph below
        Assert.True(shipped.AsSpan().SequenceEqual(MiniLmModel.QuantizeInt8(MiniLmModel.ReadModel())), "minilm-l6-v2-int8.onnx is stale: run WriteInt8Graph");
    }

    /// <summary>Regenerates the shipped int8 graph: run with <c>-method '*WriteInt8Graph*' -explicit only</c>.</summary>
    [Fact(Explicit = true)]
    public void WriteInt8Graph()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "src", "NearDup.Semantic.MiniLM", "minilm-l6-v2-int8.onnx");
        File.WriteAllBytes(path, MiniLmModel.QuantizeInt8(MiniLmModel.ReadModel()));
    }
}
