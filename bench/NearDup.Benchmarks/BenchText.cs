using System.Text;

namespace NearDup.Benchmarks;

/// <summary>Deterministic English-like news text: Zipf-distributed words, capitals, punctuation, paragraphs.</summary>
internal static class BenchText
{
    private static readonly string[] Common =
    [
        "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as", "his", "on", "be",
        "at", "by", "said", "had", "this", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one",
        "you", "were", "her", "all", "she", "there", "would", "their", "we", "him", "been", "has", "when", "who",
        "will", "more", "no", "if", "out", "so", "president", "government", "officials", "talks", "Seoul", "Korea's",
    ];

    private static readonly string[] Vocabulary = BuildVocabulary(30_000);

    private static readonly double[] Cumulative = BuildCumulative(Vocabulary.Length);

    public static string Generate(int chars, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(chars + 64);
        bool sentenceStart = true;
        while (sb.Length < chars)
        {
            // Zipf (s = 1) over the vocabulary, as word frequencies in English: "the" is about 9% of words.
            int rank = Array.BinarySearch(Cumulative, random.NextDouble());
            rank = rank < 0 ? Math.Min(~rank, Vocabulary.Length - 1) : rank;
            string word = rank < Common.Length ? Common[rank] : Vocabulary[rank];
            if (sentenceStart)
            {
                sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                sentenceStart = false;
            }
            else
            {
                sb.Append(word);
            }

            int p = random.Next(100);
            if (p < 6)
            {
                sb.Append(". ");
                sentenceStart = true;
                if (random.Next(8) == 0)
                {
                    sb.Append("\n\n");
                }
            }
            else if (p < 11)
            {
                sb.Append(", ");
            }
            else
            {
                sb.Append(' ');
            }
        }

        return sb.ToString(0, chars);
    }

    private static double[] BuildCumulative(int size)
    {
        var cumulative = new double[size];
        double sum = 0;
        for (int r = 0; r < size; r++)
        {
            sum += 1.0 / (r + 1);
            cumulative[r] = sum;
        }

        for (int r = 0; r < size; r++)
        {
            cumulative[r] /= sum;
        }

        return cumulative;
    }

    private static string[] BuildVocabulary(int size)
    {
        var random = new Random(99);
        var words = new string[size];
        var sb = new StringBuilder();
        for (int i = 0; i < size; i++)
        {
            sb.Clear();
            int length = 3 + random.Next(9);
            for (int j = 0; j < length; j++)
            {
                sb.Append((char)('a' + random.Next(26)));
            }

            words[i] = sb.ToString();
        }

        return words;
    }
}
