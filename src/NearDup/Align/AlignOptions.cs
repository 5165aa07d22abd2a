namespace NearDup.Align;

/// <summary>Settings of the <see cref="Aligner"/>; every default is explained where it is declared.</summary>
public sealed record AlignOptions
{
    /// <summary>
    /// Length in words of the shared n-grams that seed a passage. Default 5, the shingle length of the candidate
    /// stage, so a candidate found on shared 5-grams always has seeds here.
    /// </summary>
    public int SeedSize { get; init; } = 5;

    /// <summary>
    /// Largest edit, in words on either side, that a passage bridges: an inserted or substituted clause. Default 8:
    /// under half of an average news sentence (about 20 words), so a passage crosses an edited clause but stops at
    /// a rewritten or inserted sentence. Also the X-drop of the extension: it stops once the score (matched words
    /// minus edited words) falls this far below its best, so edits denser than matches end the passage.
    /// </summary>
    public int MaxGap { get; init; } = 8;

    /// <summary>
    /// Words that must agree in a row after an edit for the passage to resume. Default 3: a single common word or
    /// a bigram such as "of the" re-synchronises by chance inside an 8-word window too often.
    /// </summary>
    public int ResyncTokens { get; init; } = 3;

    /// <summary>
    /// Fewest matched words a passage needs to be kept. Default 10, two seeds' worth: a lone shared 5-gram
    /// ("the United States and its") is what unrelated news texts share by chance; the candidate stage has already
    /// used that signal.
    /// </summary>
    public int MinPassageTokens { get; init; } = 10;

    /// <summary>
    /// An n-gram found more often than this in the indexed text is not used as a seed (a stop-gram): it says nothing
    /// about where the copy is and would cost one extension per occurrence. Default 8. Repetitive stretches are still
    /// crossed by extending from the unique n-grams around them; a text made only of repeats aligns nothing
    /// (exact copies of it are caught by the content hash).
    /// </summary>
    public int MaxSeedOccurrences { get; init; } = 8;

    /// <summary>
    /// Work cap: token comparisons allowed per input token (both sides) before the aligner stops and marks the
    /// alignment <see cref="Alignment.Truncated"/>. Default 256; ordinary pairs use under 10, so only adversarial input
    /// reaches it, and the cost stays linear in the input size.
    /// </summary>
    public int WorkPerToken { get; init; } = 256;

    /// <summary>Most passages one alignment keeps before stopping (and marking it truncated). Default 100,000.</summary>
    public int MaxPassages { get; init; } = 100_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (SeedSize is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(SeedSize), SeedSize, "SeedSize must be in [1, 64].");
        }

        if (MaxGap is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGap), MaxGap, "MaxGap must be in [0, 64].");
        }

        if (ResyncTokens < 1 || ResyncTokens > SeedSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ResyncTokens), ResyncTokens, "ResyncTokens must be in [1, SeedSize].");
        }

        if (MinPassageTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPassageTokens), MinPassageTokens, "MinPassageTokens must be at least 1.");
        }

        if (MaxSeedOccurrences < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSeedOccurrences), MaxSeedOccurrences, "MaxSeedOccurrences must be at least 1.");
        }

        if (WorkPerToken < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WorkPerToken), WorkPerToken, "WorkPerToken must be at least 1.");
        }

        if (MaxPassages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPassages), MaxPassages, "MaxPassages must be at least 1.");
        }
    }
}
