using System.Text;

namespace NearDup.Evaluation.Synth;

/// <summary>
/// The word tables of the synthetic prose: the lexicon's real words at the top ranks, then made-up words built
/// from syllables (fixed, not seeded by the corpus), a few thousand words in all.
/// </summary>
internal sealed class Vocabulary
{
    private Vocabulary()
    {
        var rng = new Rng(0x5EED_0F_4E_57UL);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { Lexicon.Nouns, Lexicon.Adjectives, Lexicon.Verbs })
        {
            seen.UnionWith(list);
        }

        Nouns = new ZipfTable([.. Lexicon.Nouns, .. Made(ref rng, seen, 1800, Lexicon.NounEndings, capital: false)], exponent: 1.1);
        Adjectives = new ZipfTable([.. Lexicon.Adjectives, .. Made(ref rng, seen, 400, Lexicon.AdjectiveEndings, capital: false)]);
        Verbs = new ZipfTable([.. Lexicon.Verbs, .. Made(ref rng, seen, 400, ["ed", "ated", "ized"], capital: false)]);
        Surnames = new ZipfTable(Made(ref rng, seen, 2000, Lexicon.SurnameEndings, capital: true), exponent: 0.8);
        Places = new ZipfTable(Made(ref rng, seen, 800, Lexicon.PlaceEndings, capital: true), exponent: 0.9);
        FirstNames = new ZipfTable(Lexicon.FirstNames, exponent: 0.5);
        Prepositions = new ZipfTable(Lexicon.Prepositions, exponent: 1.2, offset: 0.5);
        Adverbs = new ZipfTable(Lexicon.Adverbs);
        Determiners = new ZipfTable(Lexicon.Determiners, exponent: 1.6, offset: 0.2);
        Conjunctions = new ZipfTable(Lexicon.Conjunctions, exponent: 1.2, offset: 0.5);
        Phrases = new ZipfTable(Lexicon.CommonPhrases, exponent: 0.7);
    }

    public static Vocabulary Instance { get; } = new();

    public ZipfTable Nouns { get; }

    public ZipfTable Adjectives { get; }

    public ZipfTable Verbs { get; }

    public ZipfTable Surnames { get; }

    public ZipfTable Places { get; }

    public ZipfTable FirstNames { get; }

    public ZipfTable Prepositions { get; }

    public ZipfTable Adverbs { get; }

    public ZipfTable Determiners { get; }

    public ZipfTable Conjunctions { get; }

    public ZipfTable Phrases { get; }

    /// <summary>How many distinct words the tables hold.</summary>
    public int Size => Nouns.Words.Length + Adjectives.Words.Length + Verbs.Words.Length + Surnames.Words.Length
        + Places.Words.Length + FirstNames.Words.Length + Prepositions.Words.Length + Adverbs.Words.Length
        + Determiners.Words.Length + Conjunctions.Words.Length;

    private static string[] Made(ref Rng rng, HashSet<string> seen, int count, string[] endings, bool capital)
    {
        var words = new string[count];
        var builder = new StringBuilder();
        for (int i = 0; i < count;)
        {
            builder.Clear();
            int syllables = rng.Between(1, 2);
            for (int s = 0; s < syllables; s++)
            {
                builder.Append(Lexicon.Syllables[rng.Next(Lexicon.Syllables.Length)]);
            }

            builder.Append(endings[rng.Next(endings.Length)]);
            if (capital)
            {
                builder[0] = char.ToUpperInvariant(builder[0]);
            }

            string word = builder.ToString();
            if (seen.Add(word))
            {
                words[i++] = word;
            }
        }

        return words;
    }
}
