using Onnx;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The MiniLM graph's weights by their PyTorch names (<c>encoder.layer.5.attention.self.query.weight</c>). The
/// export names biases and LayerNorm parameters so, but stores each linear layer's weight as an anonymous
/// <c>MatMul</c> initializer laid out [in, out] (PyTorch's transpose); its name is recovered from the bias that the
/// following <c>Add</c> reads. The pooler's weight stays [out, in] (a <c>Gemm</c> with transB).
/// </summary>
internal static class MiniLmGraphWeights
{
    /// <summary>Every float initializer by PyTorch name; <paramref name="transposed"/> holds the names stored [in, out].</summary>
    public static Dictionary<string, TensorProto> ByName(GraphProto graph, out HashSet<string> transposed)
    {
        var initializers = new Dictionary<string, TensorProto>(graph.Initializer.Count, StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            initializers[tensor.Name] = tensor;
        }

        var consumers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in node.Input)
            {
                consumers.TryAdd(input, node);
            }
        }

        var named = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        transposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorProto tensor in graph.Initializer)
        {
            if (tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Name.Contains('.', StringComparison.Ordinal))
            {
                named[tensor.Name] = tensor;
            }
        }

        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType != "MatMul" || node.Input.Count != 2 || !initializers.TryGetValue(node.Input[1], out TensorProto? weight)
                || !consumers.TryGetValue(node.Output[0], out NodeProto? add) || add.OpType != "Add")
            {
                continue;
            }

            string bias = add.Input[0] == node.Output[0] ? add.Input[1] : add.Input[0];
            if (bias.EndsWith(".bias", StringComparison.Ordinal))
            {
                string name = string.Concat(bias.AsSpan(0, bias.Length - ".bias".Length), ".weight");
                named[name] = weight;
                transposed.Add(name);
            }
        }

        return named;
    }
}
