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
    public static byte[] Quantize(byte[] model, bool signedWeights = true, bool perColumn = true, int maxRows = int.MaxValue)
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

    private static float[] ReadFloats(TensorProto tensor, int count)
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
