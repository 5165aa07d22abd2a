namespace NearDup.Semantic.MiniLM;

/// <summary>
/// One <see cref="MiniLmEncoder"/> per precision for the whole process, loaded on the first sentence it encodes:
/// naming it in options (a preset, the CLI's defaults) costs nothing, and scans share one ONNX session.
/// </summary>
internal sealed class SharedMiniLmEncoder : ISentenceEncoder
{
    private static readonly SharedMiniLmEncoder Float32 = new(MiniLmPrecision.Float32);
    private static readonly SharedMiniLmEncoder Int8 = new(MiniLmPrecision.Int8);
    private readonly Lazy<MiniLmEncoder> encoder;

    private SharedMiniLmEncoder(MiniLmPrecision precision)
    {
        Precision = precision;
        encoder = new Lazy<MiniLmEncoder>(() => new MiniLmEncoder(new MiniLmOptions { Precision = precision }));
    }

    public MiniLmPrecision Precision { get; }

    public int Dimension => MiniLmModel.Dimension;

    public string Name => MiniLmEncoder.NameOf(Precision);

    /// <summary>Whether the model has been loaded (by a first <see cref="Encode"/>).</summary>
    public bool IsLoaded => encoder.IsValueCreated;

    public static SharedMiniLmEncoder For(MiniLmPrecision precision) => precision switch
    {
        MiniLmPrecision.Float32 => Float32,
        MiniLmPrecision.Int8 => Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Precision must be Float32 or Int8."),
    };

    public void Encode(IReadOnlyList<string> sentences, Span<float> destination) => encoder.Value.Encode(sentences, destination);
}
