using NearDup.Pipeline;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The presets that need this package's encoders: <see cref="Default"/> is what <c>neardup scan</c> does. Encoders are
/// built here and nowhere else; the transformer is loaded once per process, on the first sentence it encodes.
/// </summary>
public static class MiniLmPresets
{
    /// <summary>
    /// What <c>neardup scan</c> does by default: <see cref="ScanPresets.Lexical"/> (every lexical relation,
    /// boilerplate and furniture) plus paraphrase and same-story matching, candidates from static embeddings verified
    /// by all-MiniLM-L6-v2 with int8 weights, the sentence pairs that decide a paraphrase confirmed by the MRPC
    /// cross-encoder (<see cref="WithMiniLm"/>).
    /// </summary>
    public static ScanOptions Default { get; } = ScanPresets.Lexical.WithMiniLm();

    /// <summary>
    /// Adds the semantic stage: document vectors from <see cref="StaticEmbeddings"/> propose
    /// candidates, all-MiniLM-L6-v2 (<see cref="Transformer"/>) aligns their sentences, and the cross-encoder
    /// (<see cref="CrossEncoder"/>) confirms the pairs in other words that decide a paraphrase.
    /// </summary>
    /// <param name="options">The lexical settings to keep; its semantic thresholds are kept too.</param>
    /// <param name="precision">Int8 (quantized at load, about twice as fast) or Float32 (the weights as shipped);
    /// default <see cref="MiniLmOptions.Precision"/>'s default, int8.</param>
    public static ScanOptions WithMiniLm(this ScanOptions options, MiniLmPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Semantic = options.Semantic with
            {
                CandidateEncoder = StaticEmbeddings, VerifyEncoder = Transformer(precision), ParaphraseVerifier = CrossEncoder(precision),
            },
        };
    }

    /// <summary>
    /// <paramref name="options"/> without the cross-encoder: the verify encoder's probabilities alone decide
    /// paraphrases (as before the cascade; <c>neardup scan --no-cross-encoder</c>).
    /// </summary>
    public static ScanOptions WithoutCrossEncoder(this ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Semantic = options.Semantic with { ParaphraseVerifier = null } };
    }

    /// <summary>
    /// The shipped paraphrase cross-encoder (<see cref="MiniLmCrossEncoder"/>, fitted on MRPC train) at
    /// <paramref name="precision"/>, shared by the whole process and loaded on first use; null when this build has no
    /// weights (<see cref="MiniLmCrossEncoder.IsAvailable"/>).
    /// </summary>
    public static IParaphraseVerifier? CrossEncoder(MiniLmPrecision? precision = null) =>
        MiniLmCrossEncoder.IsAvailable ? SharedParaphraseVerifier.At(precision ?? DefaultPrecision) : null;

    /// <summary>
    /// Adds the semantic stage on static embeddings alone (<see cref="StaticEmbeddings"/> finds and
    /// verifies): tens of thousands of sentences a second, coarser than <see cref="WithMiniLm"/>; for large corpora.
    /// </summary>
    public static ScanOptions WithStaticEmbeddings(this ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Semantic = options.Semantic with { CandidateEncoder = StaticEmbeddings, VerifyEncoder = null, ParaphraseVerifier = null },
        };
    }

    /// <summary>
    /// <see cref="StaticEmbeddingEncoder.Default"/>, shared by the whole process and loaded on first use: the
    /// candidate encoder of <see cref="WithMiniLm"/> and <see cref="WithStaticEmbeddings"/>.
    /// </summary>
    public static ISentenceEncoder StaticEmbeddings => SharedEncoder.Static;

    /// <summary>
    /// all-MiniLM-L6-v2 at <paramref name="precision"/> (default: <see cref="MiniLmOptions.Precision"/>'s default),
    /// shared by the whole process and loaded on first use. For an encoder of your own lifetime or other settings,
    /// construct <see cref="MiniLmEncoder"/>.
    /// </summary>
    public static ISentenceEncoder Transformer(MiniLmPrecision? precision = null) =>
        SharedEncoder.Transformer(precision ?? DefaultPrecision);

    // A property, not a field: Default's initializer above runs first and reads it.
    private static MiniLmPrecision DefaultPrecision => new MiniLmOptions().Precision;
}
