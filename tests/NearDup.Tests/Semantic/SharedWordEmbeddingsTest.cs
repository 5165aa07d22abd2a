using Google.Protobuf;
using NearDup.Semantic.MiniLM;
using Onnx;

namespace NearDup.Tests.Semantic;

public class SharedWordEmbeddingsTest
{
    [Fact]
    public void Read_GivesTheShippedGraphsTable_AsItsProtobufHoldsIt_RowsInTheOrderTheyAreMet()
    {
        string path = MiniLmModel.ShippedInt8Path!;
        Assert.NotNull(path);
        TensorProto expected = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.Single(t => t.Name == SharedWordEmbeddings.Name);
        int dim = (int)expected.Dims[1];
        float[] floats = MiniLmQuantizer.ReadFloats(expected, (int)(expected.Dims[0] * dim));
        long last = expected.Dims[0] - 1;
        long[] pieces = [2054, 0, 101, 2054, last, 0];

        using var table = SharedWordEmbeddings.Read(path)!;
        long[] ids = [.. pieces];
        table.Map(ids);

        Assert.Equal(expected.Dims, table.Value.GetTensorTypeAndShape().Shape);
        Assert.Equal([0L, 1, 2, 0, 3, 1], ids);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.True(table.Value.GetTensorDataAsSpan<float>().Slice((int)ids[i] * dim, dim).SequenceEqual(floats.AsSpan((int)pieces[i] * dim, dim)));
        }
    }

    [Fact]
    public void Hold_GivesSessionsOneTable_AndAnotherOnceAllHoldersLetGo()
    {
        string path = MiniLmModel.ShippedInt8Path!;
        var first = SharedWordEmbeddings.Hold(path)!;
        var second = SharedWordEmbeddings.Hold(path)!;
        Assert.Same(first.Value, second.Value);
        long[] ids = [7592, 2088];
        first.Map(ids);
        float[] expected = Rows(first, ids);
        first.Dispose();
        first.Dispose(); // once only
        long[] again = [2088, 7592];
        second.Map(again);
        Assert.Equal([ids[1], ids[0]], again); // the rows read for the first holder
        second.Dispose();

        using var reread = SharedWordEmbeddings.Hold(path)!; // read again if no other session held it
        long[] third = [7592, 2088];
        reread.Map(third);
        Assert.Equal(expected, Rows(reread, third));
        Assert.Null(SharedWordEmbeddings.Hold(Path.Combine(Path.GetTempPath(), "not-the-shipped-graph.onnx")));
    }

    private static float[] Rows(SharedWordEmbeddings.Holder table, long[] rows)
    {
        const int dim = MiniLmModel.Dimension;
        var values = new List<float>(rows.Length * dim);
        foreach (long row in rows)
        {
            values.AddRange(table.Value.GetTensorDataAsSpan<float>().Slice((int)row * dim, dim));
        }

        return [.. values];
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
    public void Map_FromManyThreads_GivesEachWordPieceOneRow()
    {
        using var table = SharedWordEmbeddings.Read(MiniLmModel.ShippedInt8Path!)!;
        var mapped = new long[4][];
        Parallel.For(0, mapped.Length, t =>
        {
            long[] ids = [.. Enumerable.Range(1000, 3000).Select(i => (long)((i * 7919) % 30522))];
            table.Map(ids);
            mapped[t] = ids;
        });

        Assert.All(mapped, ids => Assert.Equal(mapped[0], ids));
        Assert.Equal(3000, mapped[0].Distinct().Count());
        Assert.True(mapped[0].All(row => row < 3000));
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
