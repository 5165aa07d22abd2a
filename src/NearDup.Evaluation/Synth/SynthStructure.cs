namespace NearDup.Evaluation.Synth;

/// <summary>
/// The shape of a base text, drawn before its words: sentences per paragraph and target words per sentence.
/// Derivations and the truth are planned from the shape alone, so the truth is known without writing any text.
/// </summary>
internal sealed class SynthStructure
{
    public SynthStructure(int[] paragraphSizes, int[] sentenceLengths)
    {
        ParagraphSizes = paragraphSizes;
        SentenceLengths = sentenceLengths;
        ParagraphStarts = new int[paragraphSizes.Length + 1];
        for (int p = 0; p < paragraphSizes.Length; p++)
        {
            ParagraphStarts[p + 1] = ParagraphStarts[p] + paragraphSizes[p];
        }
    }

    /// <summary>Sentences in each paragraph.</summary>
    public int[] ParagraphSizes { get; }

    /// <summary>First sentence of each paragraph; the last entry is the sentence count.</summary>
    public int[] ParagraphStarts { get; }

    /// <summary>Target words of each sentence (the rendered sentence may run a few words over).</summary>
    public int[] SentenceLengths { get; }

    public int SentenceCount => SentenceLengths.Length;

    public static SynthStructure Draw(ref Rng rng, int meanSentences)
    {
        int count = Math.Max(4, rng.Between(meanSentences * 6 / 10, meanSentences * 14 / 10));
        var lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            // 10..30 words, a few longer: mean about 20, as in wire copy.
            lengths[i] = rng.Chance(0.1) ? rng.Between(26, 35) : rng.Between(10, 28);
        }

        var sizes = new List<int>();
        int left = count;
        bool lede = true;
        while (left > 0)
        {
            int size = Math.Min(left, lede ? rng.Between(1, 2) : rng.Between(1, 4));
            sizes.Add(size);
            left -= size;
            lede = false;
        }

        return new SynthStructure([.. sizes], lengths);
    }

    /// <summary>Target words of the given base sentences.</summary>
    public int Words(ReadOnlySpan<int> sentences)
    {
        int total = 0;
        foreach (int s in sentences)
        {
            total += SentenceLengths[s];
        }

        return total;
    }
}
