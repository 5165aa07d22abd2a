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
    public void Hold_GivesSessionsOneTable_AndAnotherOnceAllHoldersLetGo()
    {
        string path = MiniLmModel.ShippedInt8Path!;
        var first = SharedWordEmbeddings.Hold(path)!;
        var second = SharedWordEmbeddings.Hold(path)!;
        Assert.Same(first.Value, second.Value);
        var expected = first.Value.GetTensorDataAsSpan<float>()[..1000].ToArray();
        first.Dispose();
        first.Dispose(); // once only
        Assert.True(second.Value.GetTensorDataAsSpan<float>()[..1000].SequenceEqual(expected));
        second.Dispose();

        using var again = SharedWordEmbeddings.Hold(path)!; // read again if no other session held it
        Assert.True(again.Value.GetTensorDataAsSpan<float>()[..1000].SequenceEqual(expected));
        Assert.Null(SharedWordEmbeddings.Hold(Path.Combine(Path.GetTempPath(), "not-the-shipped-graph.onnx")));
    }

    [Fact]
    public void GraphWithout_KeepsEveryOtherByte_AndPointsTheNamedTensorsAtTheirBytesInTheFile()
    {
        string path = MiniLmModel.ShippedInt8Path!;
        ModelProto expected = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        string[] names = [SharedWordEmbeddings.Name, expected.Graph.Initializer.First(t => t.DataType == (int)TensorProto.Types.DataType.Int8).Name];

        ModelProto actual = ModelProto.Parser.ParseFrom(SharedWordEmbeddings.GraphWithout(path, new HashSet<string>(names))!);

        Assert.Equal(expected.Graph.Initializer.Count, actual.Graph.Initializer.Count);
        Assert.Equal(expected.Graph.Node, actual.Graph.Node);
        Assert.Equal(expected.OpsetImport, actual.OpsetImport);
        var bytes = File.ReadAllBytes(path);
        for (int i = 0; i < expected.Graph.Initializer.Count; i++)
        {
            TensorProto before = expected.Graph.Initializer[i], after = actual.Graph.Initializer[i];
            if (!names.Contains(before.Name))
            {
                Assert.Equal(before, after);
                continue;
            }

            Assert.Equal(before.Dims, after.Dims);
            Assert.Equal(before.DataType, after.DataType);
            Assert.Equal(TensorProto.Types.DataLocation.External, after.DataLocation);
            Assert.True(after.RawData.IsEmpty);
            var reference = after.ExternalData.ToDictionary(e => e.Key, e => e.Value);
            Assert.Equal(Path.GetFileName(path), reference["location"]);
            Assert.True(bytes.AsSpan(int.Parse(reference["offset"]), int.Parse(reference["length"])).SequenceEqual(before.RawData.Span));
        }
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
