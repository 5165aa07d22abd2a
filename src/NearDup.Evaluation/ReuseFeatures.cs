using NearDup.Align;
using NearDup.Text;

namespace NearDup.Evaluation;

/// <summary>
/// How much of a text (an answer, a suspicious document) comes from a source, measured by the lexical engine:
/// the alignment's coverage and longest passage, and word n-gram containment for n = 1..5 (Broder's containment,
/// as Clough and Stevenson 2011 use it: shared distinct n-grams over the text's distinct n-grams).
/// </summary>
public sealed class ReuseFeatures
{
    /// <summary>Largest n of the n-gram containments.</summary>
    public const int MaxN = 5;

    private readonly double[] values;

    private ReuseFeatures(double[] values) => this.values = values;

    /// <summary>The value of one feature, in [0, 1].</summary>
    public double this[ReuseFeature feature] => values[(int)feature];

    /// <summary>Measures <paramref name="text"/> against <paramref name="source"/>.</summary>
    public static ReuseFeatures Compute(string text, string source, Aligner? aligner = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var a = Tokenizer.Tokenize(text);
        var b = Tokenizer.Tokenize(source);
        var alignment = (aligner ?? new Aligner()).Align(a, b);
        int longest = 0;
        foreach (var p in alignment.Passages)
        {
            longest = Math.Max(longest, p.MatchedTokens);
        }

        var values = new double[MaxN + 2];
        values[(int)ReuseFeature.Coverage] = alignment.CoverageA;
        values[(int)ReuseFeature.LongestPassageShare] = a.Length == 0 ? 0 : (double)longest / a.Length;
        for (int n = 1; n <= MaxN; n++)
        {
            values[(int)ReuseFeature.Containment1 + n - 1] = Containment(a, b, n);
        }

        return new ReuseFeatures(values);
    }

    /// <summary>Builds features from known values, in <see cref="ReuseFeature"/> order (for tests and stored runs).</summary>
    public static ReuseFeatures FromValues(ReadOnlySpan<double> values)
    {
        if (values.Length != MaxN + 2)
        {
            throw new ArgumentException($"Expected {MaxN + 2} values, one per ReuseFeature.", nameof(values));
        }

        return new ReuseFeatures(values.ToArray());
    }

    /// <summary>Shared distinct word n-grams over the distinct n-grams of <paramref name="a"/>; 0 when it has none.</summary>
    public static double Containment(ReadOnlySpan<Token> a, ReadOnlySpan<Token> b, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var ofA = Grams(a, n);
        if (ofA.Count == 0)
        {
            return 0;
        }

        var ofB = Grams(b, n);
        int shared = 0;
        foreach (ulong g in ofA)
        {
            if (ofB.Contains(g))
            {
                shared++;
            }
        }

        return (double)shared / ofA.Count;
    }

    public override string ToString() =>
        string.Join(' ', Enum.GetValues<ReuseFeature>().Select(f => FormattableString.Invariant($"{f}={this[f]:0.000}")));

    private static HashSet<ulong> Grams(ReadOnlySpan<Token> tokens, int n)
    {
        var set = new HashSet<ulong>();
        for (int i = 0; i + n <= tokens.Length; i++)
        {
            ulong h = 0xCBF29CE484222325UL;
            for (int k = 0; k < n; k++)
            {
                h = unchecked((h ^ tokens[i + k].Hash) * 0x100000001B3UL);
            }

            set.Add(h);
        }

        return set;
    }
}
