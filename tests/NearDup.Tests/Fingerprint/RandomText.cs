using System.Text;

namespace NearDup.Tests.Fingerprint;

/// <summary>Deterministic random texts over a synthetic vocabulary, for index and estimator tests.</summary>
internal static class RandomText
{
    private static readonly string[] Vocabulary = BuildVocabulary(20_000);

    public static string[] Words(Random random, int count)
    {
        var words = new string[count];
        for (int i = 0; i < count; i++)
        {
            words[i] = Vocabulary[random.Next(Vocabulary.Length)];
        }

        return words;
    }

    public static string Text(Random random, int count) => string.Join(' ', Words(random, count));

    private static string[] BuildVocabulary(int size)
    {
        var random = new Random(12345);
        var set = new HashSet<string>();
        var sb = new StringBuilder();
        while (set.Count < size)
        {
            sb.Clear();
            int length = random.Next(2, 10);
            for (int i = 0; i < length; i++)
            {
                sb.Append((char)('a' + random.Next(26)));
            }

            set.Add(sb.ToString());
        }

        return [.. set];
    }
}
