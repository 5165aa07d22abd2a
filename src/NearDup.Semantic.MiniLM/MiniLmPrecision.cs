namespace NearDup.Semantic.MiniLM;

/// <summary>Number format of the MiniLM weights that <see cref="MiniLmEncoder"/> runs.</summary>
public enum MiniLmPrecision
{
    /// <summary>The model as shipped.</summary>
    Float32,

    /// <summary>
    /// Matrix weights quantized to int8 at load (one scale per output column), activations quantized per call
    /// (ONNX Runtime's dynamic quantization). Faster on CPUs with int8 dot-product instructions (AVX-512 VNNI,
    /// AVX-VNNI); vectors stay close to fp32 (docs/PERFORMANCE-semantic.md).
    /// </summary>
    Int8,
}
