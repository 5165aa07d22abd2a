namespace NearDup.Evaluation.Synth;

/// <summary>
/// What <see cref="DenseCorpus"/> generates. Defaults: 20,000 documents of 15–35 sentences, seed 1, one document in
/// ten an edited copy. <see cref="Sentences"/> has no default: the pool is read at run time (e.g. MRPC's sentences).
/// </summary>
public sealed record DenseOptions
{
    /// <summary>Documents in the corpus. Default 20,000.</summary>
    public int Count { get; init; } = 20_000;

    /// <summary>Seed: one seed and one pool, one corpus, on any machine. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Fraction of the documents that are edited copies of another document, in [0, 0.5]. Default 0.1.</summary>
    public double CopyFraction { get; init; } = 0.1;

    /// <summary>Fewest sentences in an original document. Default 15.</summary>
    public int MinSentences { get; init; } = 15;

    /// <summary>Most sentences in an original document (drawn uniformly between the two). Default 35.</summary>
    public int MaxSentences { get; init; } = 35;

    /// <summary>
    /// The pool every document draws its sentences from, each at most once per document. At least
    /// <see cref="MaxSentences"/> + 3 distinct sentences (the room an edited copy adds). Empty by default.
    /// </summary>
    public IReadOnlyList<string> Sentences { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad property.</summary>
    public void Validate()
    {
        if (Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "Count must be at least 1");
        }

        if (!(CopyFraction >= 0 && CopyFraction <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(CopyFraction), CopyFraction, "CopyFraction must be in [0.0, 0.5]");
        }

        if (MinSentences < 5 || MaxSentences < MinSentences || MaxSentences > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSentences), MinSentences, $"MinSentences ({MinSentences}) and MaxSentences ({MaxSentences}) must satisfy 5 <= MinSentences <= MaxSentences <= 1000");
        }

        if (Sentences is null || Sentences.Count < MaxSentences + 3)
        {
            throw new ArgumentOutOfRangeException(nameof(Sentences), Sentences?.Count, $"the sentence pool must hold at least MaxSentences + 3 = {MaxSentences + 3} sentences");
        }
    }
}
