using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// Dynamic int8 quantization of an ONNX graph, done in process so nothing but the shipped fp32 model is needed:
/// every <c>MatMul</c> whose weight is a 2-D float initializer becomes ONNX Runtime's
/// <c>com.microsoft.DynamicQuantizeMatMul</c> (activations quantized to uint8 per call, weights to int8 once),
/// with a following bias <c>Add</c> folded in. This is the graph that <c>onnxruntime.quantization.quantize_dynamic</c>
/// yields after ORT fuses its DynamicQuantizeLinear + MatMulInteger + Cast + Mul pattern.
/// </summary>
internal static class MiniLmQuantizer
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <param name="model">The fp32 model's bytes.</param>
    /// <param name="signedWeights">Int8 weights, symmetric (zero point 0); else uint8 with a zero point.</param>
    /// <param name="perColumn">One scale per output column rather than one per matrix.</param>
    /// <param name="maxRows">Weights with more rows (inputs) stay fp32 (BERT's FFN output layer sees the largest activation outliers).</param>
    /// <param name="embeddingRows">A <c>Gather</c> from a float table of at least this many rows (the word-embedding
    /// table, 30,522 × 384, half the int8 graph otherwise) reads a smaller copy instead.</param>
    /// <param name="halfEmbeddings">That copy in half floats (a <c>Cast</c> after the <c>Gather</c>), else int8 with one scale per row.</param>
    public static byte[] Quantize(byte[] model, bool signedWeights = true, bool perColumn = true, int maxRows = int.MaxValue, int embeddingRows = int.MaxValue,
        bool halfEmbeddings = false)
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(model);
        GraphProto graph = proto.Graph;
        var initializers = new Dictionary<string, TensorProto>(graph.Initializer.Count);
        foreach (TensorProto tensor in graph.Initializer)
        {
            initializers[tensor.Name] = tensor;
        }

        foreach (ValueInfoProto input in graph.Input)
        {
            initializers.Remove(input.Name); // an initializer that is also an input may be fed at run time: not constant
        }

        var uses = new Dictionary<string, int>();
        var consumers = new Dictionary<string, NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in node.Input)
            {
                uses[input] = uses.GetValueOrDefault(input) + 1;
                consumers[input] = node;
            }
        }

        foreach (ValueInfoProto output in graph.Output)
        {
            uses[output.Name] = uses.GetValueOrDefault(output.Name) + 1;
        }

        var folded = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var quantizedWeights = new HashSet<string>();
        var dropped = new HashSet<string>();
        var nodes = new List<NodeProto>(graph.Node.Count);
        foreach (NodeProto node in graph.Node)
        {
            if (folded.Contains(node))
            {
                continue;
            }

            if (node.OpType == "Gather" && node.Domain.Length == 0 && node.Input.Count == 2 && node.Attribute.All(a => a.Name != "axis" || a.I == 0)
                && initializers.TryGetValue(node.Input[0], out TensorProto? table)
                && table.DataType == (int)TensorProto.Types.DataType.Float && table.Dims.Count == 2 && table.Dims[0] >= embeddingRows)
            {
                if (quantizedWeights.Add(table.Name))
                {
                    graph.Initializer.AddRange(halfEmbeddings ? [HalfTable(table)] : QuantizeRows(table));
                }

                nodes.AddRange(halfEmbeddings ? GatherHalf(node, table.Name) : GatherRows(node, table.Name));
                uses[table.Name]--;
                continue;
            }

            if (node.OpType != "MatMul" || node.Domain.Length != 0 || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out TensorProto? weight)
                || weight.DataType != (int)TensorProto.Types.DataType.Float || weight.Dims.Count != 2 || weight.Dims[0] > maxRows)
            {
                nodes.Add(node);
                continue;
            }

            string name = weight.Name;
            if (quantizedWeights.Add(name))
            {
                graph.Initializer.AddRange(QuantizeWeight(weight, signedWeights, perColumn));
            }

            var quantized = new NodeProto
            {
                Name = node.Name + "_quant",
                OpType = "DynamicQuantizeMatMul",
                Domain = MicrosoftDomain,
                Input = { node.Input[0], name + "_quantized", name + "_scale", name + "_zero_point" },
            };

            string output = node.Output[0];
            if (uses.GetValueOrDefault(output) == 1 && consumers.TryGetValue(output, out NodeProto? add)
                && BiasOf(add, output, initializers, weight.Dims[1]) is { } bias)
            {
                quantized.Input.Add(bias);
                output = add.Output[0];
                folded.Add(add);
            }

            quantized.Output.Add(output);
            nodes.Add(quantized);
            uses[name]--;
        }

        foreach (string name in quantizedWeights)
        {
            if (uses.GetValueOrDefault(name) == 0)
            {
                dropped.Add(name); // every use now reads the int8 copy
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        for (int i = graph.Initializer.Count - 1; i >= 0; i--)
        {
            if (dropped.Contains(graph.Initializer[i].Name))
            {
                graph.Initializer.RemoveAt(i);
            }
        }

        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return proto.ToByteArray();
    }

    /// <summary>The bias input of an <c>Add(matmul, bias)</c> whose bias is a float vector of the matmul's width.</summary>
    private static string? BiasOf(NodeProto add, string matmulOutput, Dictionary<string, TensorProto> initializers, long width)
    {
        if (add.OpType != "Add" || add.Domain.Length != 0 || add.Input.Count != 2)
        {
            return null;
        }

        string other = add.Input[0] == matmulOutput ? add.Input[1] : add.Input[0];
        return initializers.TryGetValue(other, out TensorProto? bias)
            && bias.DataType == (int)TensorProto.Types.DataType.Float && bias.Dims.Count == 1 && bias.Dims[0] == width
            ? other
            : null;
    }

    /// <summary>The weight as int8 (or uint8), its scales and its zero points: named <c>W_quantized</c>, <c>W_scale</c>, <c>W_zero_point</c>.</summary>
    private static TensorProto[] QuantizeWeight(TensorProto weight, bool signedWeights, bool perColumn)
    {
        int rows = checked((int)weight.Dims[0]);
        int columns = checked((int)weight.Dims[1]);
        float[] values = ReadFloats(weight, rows * columns);
        int groups = perColumn ? columns : 1;
        var scales = new float[groups];
        var zeroPoints = new byte[groups];
        var low = new float[groups];
        var high = new float[groups];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                float v = values[(r * columns) + c];
                int g = perColumn ? c : 0;
                low[g] = MathF.Min(low[g], v); // starts at 0: the range always holds zero
                high[g] = MathF.Max(high[g], v);
            }
        }

        for (int g = 0; g < groups; g++)
        {
            if (signedWeights)
            {
                float absMax = MathF.Max(-low[g], high[g]);
                scales[g] = absMax > 0 ? absMax / 127f : 1f;
            }
            else
            {
                float range = high[g] - low[g];
                scales[g] = range > 0 ? range / 255f : 1f;
                zeroPoints[g] = (byte)Math.Clamp(MathF.Round(-low[g] / scales[g]), 0, 255);
            }
        }

        var quantized = new byte[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int i = (r * columns) + c;
                int g = perColumn ? c : 0;
                float q = MathF.Round(values[i] / scales[g]);
                quantized[i] = signedWeights
                    ? (byte)(sbyte)Math.Clamp(q, -127f, 127f)
                    : (byte)Math.Clamp(q + zeroPoints[g], 0f, 255f);
            }
        }

        TensorProto.Types.DataType type = signedWeights ? TensorProto.Types.DataType.Int8 : TensorProto.Types.DataType.Uint8;
        long[] groupDims = perColumn ? [columns] : [];
        return
        [
            NewTensor(weight.Name + "_quantized", type, [rows, columns], quantized),
            NewTensor(weight.Name + "_scale", TensorProto.Types.DataType.Float, groupDims, MemoryMarshal.AsBytes<float>(scales)),
            NewTensor(weight.Name + "_zero_point", type, groupDims, zeroPoints),
        ];
    }

    /// <summary>A table as int8 with one symmetric scale per row: <c>T_quantized</c> [rows, columns] and <c>T_scale</c> [rows, 1].</summary>
    private static TensorProto[] QuantizeRows(TensorProto table)
    {
        int rows = checked((int)table.Dims[0]);
        int columns = checked((int)table.Dims[1]);
        float[] values = ReadFloats(table, rows * columns);
        var scales = new float[rows];
        var quantized = new byte[values.Length];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = values.AsSpan(r * columns, columns);
            float absMax = 0;
            foreach (float v in row)
            {
                absMax = MathF.Max(absMax, MathF.Abs(v));
            }

            float scale = absMax > 0 ? absMax / 127f : 1f;
            scales[r] = scale;
            for (int c = 0; c < columns; c++)
            {
                quantized[(r * columns) + c] = (byte)(sbyte)Math.Clamp(MathF.Round(row[c] / scale), -127f, 127f);
            }
        }

        return
        [
            NewTensor(table.Name + "_quantized", TensorProto.Types.DataType.Int8, [rows, columns], quantized),
            NewTensor(table.Name + "_scale", TensorProto.Types.DataType.Float, [rows, 1], MemoryMarshal.AsBytes<float>(scales)),
        ];
    }

    /// <summary>A table in half floats: <c>T_half</c>.</summary>
    private static TensorProto HalfTable(TensorProto table)
    {
        int rows = checked((int)table.Dims[0]);
        int columns = checked((int)table.Dims[1]);
        float[] values = ReadFloats(table, rows * columns);
        var half = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            half[i] = (Half)values[i];
        }

        return NewTensor(table.Name + "_half", TensorProto.Types.DataType.Float16, [rows, columns], MemoryMarshal.AsBytes<Half>(half));
    }

    /// <summary><c>Gather(T, ids)</c> as <c>Cast(Gather(T_half, ids))</c>.</summary>
    private static NodeProto[] GatherHalf(NodeProto gather, string table)
    {
        string name = gather.Name.Length > 0 ? gather.Name : gather.Output[0];
        var rows = new NodeProto { Name = name + "_half", OpType = "Gather", Input = { table + "_half", gather.Input[1] }, Output = { name + "_rows_half" } };
        return [rows, CastToFloat(name + "_cast", name + "_rows_half", gather.Output[0])];
    }

    private static NodeProto CastToFloat(string name, string input, string output) => new()
    {
        Name = name,
        OpType = "Cast",
        Input = { input },
        Output = { output },
        Attribute = { new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (int)TensorProto.Types.DataType.Float } },
    };

    /// <summary><c>Gather(T, ids)</c> as <c>Cast(Gather(T_quantized, ids)) * Gather(T_scale, ids)</c>: the same rows, dequantized.</summary>
    private static NodeProto[] GatherRows(NodeProto gather, string table)
    {
        string ids = gather.Input[1];
        string name = gather.Name.Length > 0 ? gather.Name : gather.Output[0];
        var rows = new NodeProto { Name = name + "_quant", OpType = "Gather", Input = { table + "_quantized", ids }, Output = { name + "_rows_int8" } };
        var cast = CastToFloat(name + "_cast", name + "_rows_int8", name + "_rows");
        var scales = new NodeProto { Name = name + "_scales", OpType = "Gather", Input = { table + "_scale", ids }, Output = { name + "_row_scales" } };
        var scale = new NodeProto { Name = name + "_dequant", OpType = "Mul", Input = { name + "_rows", name + "_row_scales" }, Output = { gather.Output[0] } };
        return [rows, cast, scales, scale];
    }

    /// <summary>A float initializer's values, raw or in float_data.</summary>
    internal static float[] ReadFloats(TensorProto tensor, int count)
    {
        var values = new float[count];
        if (tensor.RawData.Length == count * sizeof(float))
        {
            MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).CopyTo(values);
        }
        else if (tensor.FloatData.Count == count)
        {
            tensor.FloatData.CopyTo(values, 0);
        }
        else
        {
            throw new InvalidDataException($"Initializer '{tensor.Name}' holds neither {count} raw floats nor float_data.");
        }

        return values;
    }

    private static TensorProto NewTensor(string name, TensorProto.Types.DataType type, long[] dims, ReadOnlySpan<byte> data) =>
        new() { Name = name, DataType = (int)type, Dims = { dims }, RawData = ByteString.CopyFrom(data) };
}
