using System.Runtime.InteropServices;
using Onnx;
using static TorchSharp.torch;

namespace NearDup.Train;

/// <summary>ONNX initializers as torch tensors.</summary>
internal static class WeightsIo
{
    /// <summary>The initializer as a tensor in PyTorch's layout (transposed back when the graph stores it [in, out]).</summary>
    public static Tensor ToTensor(TensorProto proto, bool transposed)
    {
        float[] values = MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        if (values.Length == 0)
        {
            values = [.. proto.FloatData];
        }

        Tensor t = tensor(values, [.. proto.Dims]);
        return transposed ? t.t().contiguous() : t;
    }
}
