namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The shipped cross-encoder for the whole process, loaded on the first pair it scores (as <see cref="SharedEncoder"/>):
/// naming it in a preset costs nothing until a scan needs it, and every scan shares one ONNX session. A scan that
/// needs it no more can unload it (<see cref="IUnloadableModel"/>); its next use loads it again.
/// </summary>
internal sealed class SharedParaphraseVerifier : IParaphraseVerifier, IUnloadableModel
{
    private static readonly Dictionary<MiniLmPrecision, SharedParaphraseVerifier> ByPrecision = new()
    {
        [MiniLmPrecision.Float32] = new(MiniLmPrecision.Float32),
        [MiniLmPrecision.Int8] = new(MiniLmPrecision.Int8),
    };
    private readonly SharedModel<MiniLmCrossEncoder> verifier;

    private SharedParaphraseVerifier(MiniLmPrecision precision)
    {
        Name = MiniLmCrossEncoder.NameOf(precision);
        verifier = new SharedModel<MiniLmCrossEncoder>(() => new MiniLmCrossEncoder(new MiniLmOptions { Precision = precision }));
    }

    public string Name { get; }

    public float Threshold => MiniLmCrossEncoder.DefaultThreshold;

    /// <summary>The shipped cross-encoder at <paramref name="precision"/>.</summary>
    public static SharedParaphraseVerifier At(MiniLmPrecision precision) => ByPrecision.TryGetValue(precision, out var verifier)
        ? verifier
        : throw new ArgumentOutOfRangeException(nameof(precision), precision, "Precision must be Float32 or Int8.");

    public void Score(IReadOnlyList<string> first, IReadOnlyList<string> second, Span<float> probabilities)
    {
        var loaded = verifier.Take();
        try
        {
            loaded.Score(first, second, probabilities);
        }
        finally
        {
            verifier.Return();
        }
    }

    public void Unload() => verifier.Unload();
}
