using NearDup.Text;

namespace NearDup.Tests.Synth;

/// <summary>Word n-gram sets of texts, to tell whether two texts share a run of n words.</summary>
internal static class RunFinder
{
    public static HashSet<ulong> Grams(string text, int n)
    {
        var tokens = Tokenizer.Tokenize(text);
        var grams = new HashSet<ulong>();
        for (int i = 0; i + n <= tokens.Length; i++)
        {
            ulong h = 1469598103934665603UL;
            for (int k = 0; k < n; k++)
            {
                h = (h ^ tokens[i + k].Hash) * 1099511628211UL;
                h ^= h >> 29;
            }

            grams.Add(h);
        }

        return grams;
    }

    /// <summary>Longest run of words <paramref name="a"/> and <paramref name="b"/> share (word-level longest common substring).</summary>
    public static int LongestSharedRun(string a, string b)
    {
        var x = Tokenizer.Tokenize(a);
        var y = Tokenizer.Tokenize(b);
        var previous = new int[y.Length + 1];
        var current = new int[y.Length + 1];
        int best = 0;
        for (int i = 1; i <= x.Length; i++)
        {
            for (int j = 1; j <= y.Length; j++)
            {
                current[j] = x[i - 1].Hash == y[j - 1].Hash ? previous[j - 1] + 1 : 0;
                best = Math.Max(best, current[j]);
            }

            (previous, current) = (current, previous);
        }

        return best;
    }
}
