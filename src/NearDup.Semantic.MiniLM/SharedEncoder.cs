namespace NearDup.Semantic.MiniLM;

/// <summary>
/// One encoder of each kind for the whole process, loaded on the first sentence it encodes: naming it in options
/// (a preset, the CLI's defaults) costs nothing, and every scan shares one ONNX session and one static table. A scan
/// that needs it no more can unload it (<see cref="IUnloadableModel"/>); its next use loads it again.
/// </summary>
internal sealed class SharedEncoder : ISentenceEncoder, IUnloadableModel
{
    private static readonly SharedEncoder StaticTable = new("minilm-static", () => StaticEmbeddingEncoder.Default);
    private static readonly SharedEncoder Float32 = ForTransformer(MiniLmPrecision.Float32);
    private static readonly SharedEncoder Int8 = ForTransformer(MiniLmPrecision.Int8);
    private readonly SharedModel<ISentenceEncoder> encoder;

    private SharedEncoder(string name, Func<ISentenceEncoder> create)
    {
        Name = name;
        encoder = new SharedModel<ISentenceEncoder>(() =>
        {
            var created = create();
            // Both encoders are MiniLM's: its vocabulary distilled, or the model itself.
            if (created.Dimension != Dimension || created.Name != name)
            {
                throw new InvalidOperationException($"Expected {name} of dimension {Dimension}; loaded {created.Name} of dimension {created.Dimension}.");
            }

            return created;
        });
    }

    /// <summary>The static-embedding encoder (<see cref="StaticEmbeddingEncoder.Default"/>).</summary>
    public static SharedEncoder Static => StaticTable;

    public int Dimension => MiniLmModel.Dimension;

    public string Name { get; }

    /// <summary>Whether the encoder is loaded (by an <see cref="Encode"/> since it was last unloaded).</summary>
    public bool IsLoaded => encoder.IsLoaded;

    /// <summary>The transformer at <paramref name="precision"/>.</summary>
    public static SharedEncoder Transformer(MiniLmPrecision precision) => precision switch
    {
        MiniLmPrecision.Float32 => Float32,
        MiniLmPrecision.Int8 => Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Precision must be Float32 or Int8."),
    };

    public void Encode(IReadOnlyList<string> sentences, Span<float> destination)
    {
        var loaded = encoder.Take();
        try
        {
            loaded.Encode(sentences, destination);
        }
        finally
        {
            encoder.Return();
        }
    }

    public void Unload() => encoder.Unload();

    // Batches of ~512 word pieces: on one ORT thread per worker they encode ~10% more sentences per CPU-second than
    // 2,048 (docs/PERFORMANCE-semantic.md, "Session 9").
    private static SharedEncoder ForTransformer(MiniLmPrecision precision) =>
        new(MiniLmEncoder.NameOf(precision), () => new MiniLmEncoder(new MiniLmOptions { Precision = precision, MaxBatchTokens = ScanBatchTokens }));

    private const int ScanBatchTokens = 512;
}
