using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Semantic;

/// <summary>
/// Names and figures of a text as keys: capitalised words that do not open a sentence, and numbers of three or
/// more characters. Two reports of one event share them (people, places, amounts); texts that are merely alike
/// in style and topic do not. Used to confirm same-story candidates from document vectors.
/// </summary>
internal static class EntityKeys
{
    /// <summary>At most this many keys per document (the first ones), so that huge texts stay cheap.</summary>
    public const int MaxKeys = 256;

    /// <summary>The distinct keys of <paramref name="text"/>, sorted (token hashes of the normalized words).</summary>
    public static ulong[] Extract(string text, ReadOnlySpan<Token> tokens, Segmentation segmentation)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(segmentation);
        var keys = new List<ulong>();
        foreach (var sentence in segmentation.Sentences)
        {
            var (first, end) = Segmenter.TokenRange(tokens, sentence);
            for (int t = first + 1; t < end && keys.Count < MaxKeys; t++)
            {
                var word = tokens[t].Span.Slice(text);
                if ((char.IsUpper(word[0]) && word.Length > 1) || (char.IsDigit(word[0]) && word.Length >= 3))
                {
                    keys.Add(tokens[t].Hash);
                }
            }
        }

        keys.Sort();
        int n = keys.Count == 0 ? 0 : 1;
        for (int i = 1; i < keys.Count; i++)
        {
            if (keys[i] != keys[n - 1])
            {
                keys[n++] = keys[i];
            }
        }

        return [.. keys.GetRange(0, n)];
    }

    /// <summary>Keys in both sorted arrays that pass <paramref name="distinctive"/>.</summary>
    public static int Shared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Func<ulong, bool> distinctive)
    {
        ArgumentNullException.ThrowIfNull(distinctive);
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j])
            {
                i++;
            }
            else if (a[i] > b[j])
            {
                j++;
            }
            else
            {
                if (distinctive(a[i]))
                {
                    shared++;
                }

                i++;
                j++;
            }
        }

        return shared;
    }
}
