using Google.Protobuf;
using NearDup.Semantic.MiniLM;
using Onnx;

namespace NearDup.Tests.Semantic;

public class SharedWordEmbeddingsTest
{
    [Fact]
    public void Read_GivesTheShippedGraphsTable_AsItsProtobufHoldsIt()
    {
        string path = MiniLmModel.ShippedInt8Path!;
        Assert.NotNull(path);
        TensorProto expected = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.Single(t => t.Name == SharedWordEmbeddings.Name);

        using var table = SharedWordEmbeddings.Read(path)!;

        Assert.Equal(expected.Dims, table.Value.GetTensorTypeAndShape().Shape);
        Assert.True(table.Value.GetTensorDataAsSpan<float>().SequenceEqual(MiniLmQuantizer.ReadFloats(expected, (int)(expected.Dims[0] * expected.Dims[1]))));
    }

    [Fact]
    public void Read_AGraphWithoutTheTable_GivesNull()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neardup-no-embeddings-{Guid.NewGuid():N}.onnx");
        try
        {
            var model = new ModelProto { Graph = new GraphProto { Name = "empty" } };
            model.Graph.Initializer.Add(new TensorProto { Name = "other", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 1 }, FloatData = { 1f } });
            File.WriteAllBytes(path, model.ToByteArray());

            Assert.Null(SharedWordEmbeddings.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Encoder_OverTheSharedTable_EncodesAsOverItsOwnCopy()
    {
        using var shared = new MiniLmEncoder(); // the shipped graph's file: the process's table
        using var own = new MiniLmEncoder(null, MiniLmModel.ReadShippedInt8()); // the graph's bytes: its own table
        string[] sentences = ["The company said its quarterly profit rose 12 percent on strong sales in Asia.", "He won."];
        var expected = new float[sentences.Length * own.Dimension];
        var actual = new float[expected.Length];

        own.Encode(sentences, expected);
        shared.Encode(sentences, actual);

        Assert.Equal(expected, actual); // bit for bit
    }
}
