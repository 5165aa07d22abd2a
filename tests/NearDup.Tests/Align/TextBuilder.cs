namespace NearDup.Tests.Align;

/// <summary>Deterministic synthetic prose: distinct sentences from a fixed vocabulary, grouped into paragraphs.</summary>
internal static class TextBuilder
{
    private static readonly string[] Vocabulary =
    [
        "the", "minister", "said", "on", "tuesday", "that", "government", "would", "review", "plans", "for", "new",
        "railway", "line", "between", "two", "cities", "after", "months", "of", "protests", "by", "farmers", "whose",
        "land", "lies", "along", "route", "officials", "estimated", "cost", "at", "billion", "dollars", "while",
        "critics", "argued", "money", "could", "be", "spent", "better", "elsewhere", "in", "region", "mayor", "told",
        "reporters", "council", "vote", "next", "week", "union", "leaders", "welcomed", "decision", "but", "warned",
        "strike", "remained", "possible", "if", "talks", "failed", "company", "shares", "rose", "percent", "trading",
    ];

    /// <summary>A paragraph of <paramref name="sentences"/> sentences of 12 to 24 words, different for each seed.</summary>
    public static string Paragraph(int seed, int sentences = 3)
    {
        var random = new Random(seed);
        var parts = new List<string>();
        for (int s = 0; s < sentences; s++)
        {
            int words = random.Next(12, 25);
            var sentence = new string[words];
            for (int w = 0; w < words; w++)
            {
                sentence[w] = Vocabulary[random.Next(Vocabulary.Length)];
            }

            sentence[0] = char.ToUpperInvariant(sentence[0][0]) + sentence[0][1..];
            parts.Add(string.Join(' ', sentence) + ".");
        }

        return string.Join(' ', parts);
    }

    public static string[] Paragraphs(int firstSeed, int count)
    {
        var result = new string[count];
        for (int k = 0; k < count; k++)
        {
            result[k] = Paragraph(firstSeed + k);
        }

        return result;
    }

    public static string Join(IEnumerable<string> paragraphs) => string.Join("\n\n", paragraphs);
}
