namespace NearDup.Evaluation.Synth;

/// <summary>What <see cref="SyntheticCorpus"/> generates. Defaults: 10,000 documents, seed 1, 30% planted copies.</summary>
public sealed record SynthOptions
{
    /// <summary>Every derivation kind (all but <see cref="SynthKind.SharedSource"/>, which is a pair kind).</summary>
    public static IReadOnlyList<SynthKind> AllDerivations { get; } =
    [
        SynthKind.Exact, SynthKind.NearExact, SynthKind.Trimmed, SynthKind.Edited,
        SynthKind.Furniture, SynthKind.Excerpt, SynthKind.Shuffled,
    ];

    /// <summary>Documents in the corpus. Default 10,000.</summary>
    public int Count { get; init; } = 10_000;

    /// <summary>Seed: one seed, one corpus, on any machine. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Fraction of the documents that are planted derivations of a base text, in [0, 0.6]. Default 0.3.</summary>
    public double CopyFraction { get; init; } = 0.3;

    /// <summary>
    /// Fraction of copy families whose base text is left out of the corpus, so that only its copies are there
    /// (they relate as shared source). In [0, 1]. Default 0.1.
    /// </summary>
    public double HiddenSourceFraction { get; init; } = 0.1;

    /// <summary>Mean sentences per base text (about 20 words each; 25 gives news-length texts of ~500 words). Default 25.</summary>
    public int MeanSentences { get; init; } = 25;

    /// <summary>The derivation kinds planted, chosen uniformly. Default <see cref="AllDerivations"/>.</summary>
    public IReadOnlyList<SynthKind> Kinds { get; init; } = AllDerivations;

    /// <summary>
    /// Article pairs planted among the generated documents (both sides of each, in place of plain documents), with
    /// truth <see cref="SynthKind.Paraphrase"/> for rewrites and <see cref="SynthKind.HardNegative"/> for hard
    /// negatives. Built at run time from labelled data (<see cref="ParaphraseArticles"/>); none by default.
    /// </summary>
    public IReadOnlyList<ArticlePair> Paraphrases { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad property.</summary>
    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "Count must be at least 1");
        }

        if (!(CopyFraction >= 0 && CopyFraction <= 0.6))
        {
            throw new ArgumentOutOfRangeException(nameof(CopyFraction), CopyFraction, "CopyFraction must be in [0.0, 0.6]");
        }

        if (!(HiddenSourceFraction >= 0 && HiddenSourceFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenSourceFraction), HiddenSourceFraction, "HiddenSourceFraction must be in [0.0, 1.0]");
        }

        if (MeanSentences < 5 || MeanSentences > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MeanSentences), MeanSentences, "MeanSentences must be in [5, 1000]");
        }

        if (Kinds is null || Kinds.Count == 0 || Kinds.Any(k => !AllDerivations.Contains(k)))
        {
            throw new ArgumentOutOfRangeException(nameof(Kinds), "Kinds must list at least one derivation kind, and no pair kind (SharedSource, Paraphrase, HardNegative)");
        }

        if (Paraphrases is null || 2L * Paraphrases.Count >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(Paraphrases), Paraphrases?.Count, $"{Paraphrases?.Count} planted article pairs take {2 * (Paraphrases?.Count ?? 0)} documents: Count ({Count}) must be larger");
        }
    }
}
