using NearDup.Align;
using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Evaluation;

/// <summary>
/// How much of a text (an answer, a suspicious document) comes from a source, measured by the lexical engine:
/// the alignment's coverage both ways, its verbatim and edited shares, longest passage and order; word n-gram
/// containment for n = 1..5 (Broder's containment, as Clough and Stevenson 2011 use it: shared distinct n-grams
/// over the text's distinct n-grams); and how close each sentence comes to one source sentence.
/// </summary>
public sealed class ReuseFeatures
{
    /// <summary>Largest n of the n-gram containments.</summary>
    public const int MaxN = 5;

    /// <summary>Number of features, one per <see cref="ReuseFeature"/>.</summary>
    public static readonly int Count = Enum.GetValues<ReuseFeature>().Length;

    /// <summary>A sentence this close (cosine of word counts) to a source sentence counts as copied.</summary>
    public const double CopiedCosine = 0.8;

    /// <summary>A sentence at least this close, but under <see cref="CopiedCosine"/>, counts as rewritten.</summary>
    public const double RewrittenCosine = 0.4;

    // Lenient alignment for heavily edited reuse: shorter seeds and passages than the scan's defaults.
    private static readonly AlignOptions LooseOptions = new() { SeedSize = 3, MinPassageTokens = 5 };

    private readonly double[] values;

    private ReuseFeatures(double[] values) => this.values = values;

    /// <summary>The value of one feature, in [0, 1].</summary>
    public double this[ReuseFeature feature] => values[(int)feature];

    /// <summary>Measures <paramref name="text"/> against <paramref name="source"/>.</summary>
    internal static ReuseFeatures Compute(string text, string source, Aligner? aligner = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var a = Tokenizer.Tokenize(text);
        var b = Tokenizer.Tokenize(source);
        var alignment = (aligner ?? new Aligner()).Align(a, b);
        int longest = 0, verbatim = 0, edited = 0;
        foreach (var p in alignment.Passages)
        {
            longest = Math.Max(longest, p.MatchedTokens);
            if (p.Kind == PassageKind.Verbatim)
            {
                verbatim += p.TokensA;
            }
            else
            {
                edited += p.TokensA;
            }
        }

        double words = Math.Max(1, a.Length);
        var values = new double[Count];
        values[(int)ReuseFeature.Coverage] = alignment.CoverageA;
        values[(int)ReuseFeature.LongestPassageShare] = longest / words;
        for (int n = 1; n <= MaxN; n++)
        {
            values[(int)ReuseFeature.Containment1 + n - 1] = Containment(a, b, n);
        }

        values[(int)ReuseFeature.SourceCoverage] = alignment.CoverageB;
        values[(int)ReuseFeature.VerbatimShare] = Math.Min(1, verbatim / words);
        values[(int)ReuseFeature.EditedShare] = Math.Min(1, edited / words);
        values[(int)ReuseFeature.OrderKept] = OrderKept(alignment.Passages);
        var (cosine, copied, rewritten) = SentenceCosines(text, a, source, b);
        values[(int)ReuseFeature.SentenceCosine] = cosine;
        values[(int)ReuseFeature.CopiedSentenceShare] = copied;
        values[(int)ReuseFeature.RewrittenSentenceShare] = rewritten;
        values[(int)ReuseFeature.LooseCoverage] = new Aligner(LooseOptions).Align(a, b).CoverageA;
        return new ReuseFeatures(values);
    }

    /// <summary>Builds features from known values, in <see cref="ReuseFeature"/> order (for tests and stored runs).</summary>
    public static ReuseFeatures FromValues(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} values, one per ReuseFeature.", nameof(values));
        }

        return new ReuseFeatures(values.ToArray());
    }

    /// <summary>Shared distinct word n-grams over the distinct n-grams of <paramref name="a"/>; 0 when it has none.</summary>
    internal static double Containment(ReadOnlySpan<Token> a, ReadOnlySpan<Token> b, int n)
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

    /// <summary>
    /// Matched words of the heaviest chain of passages that increase in both texts, over all matched words: 1 when
    /// the text follows the source's order, lower when it reorders it; 0 without passages.
    /// </summary>
    internal static double OrderKept(IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return 0;
        }

        // Passages are ordered by their position in A; the heaviest subsequence increasing in B (quadratic, but an
        // answer has a handful of passages).
        var best = new long[passages.Count];
        long total = 0, heaviest = 0;
        for (int i = 0; i < passages.Count; i++)
        {
            best[i] = passages[i].MatchedTokens;
            for (int j = 0; j < i; j++)
            {
                if (passages[j].EndTokenB <= passages[i].FirstTokenB)
                {
                    best[i] = Math.Max(best[i], best[j] + passages[i].MatchedTokens);
                }
            }

            total += passages[i].MatchedTokens;
            heaviest = Math.Max(heaviest, best[i]);
        }

        return total == 0 ? 0 : (double)heaviest / total;
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

    // For each sentence of the text, the best cosine of word counts with one source sentence: the mean, and the
    // shares of copied and rewritten sentences.
    private static (double Mean, double Copied, double Rewritten) SentenceCosines(string text, Token[] a, string source, Token[] b)
    {
        var ofText = SentenceVectors(text, a);
        var ofSource = SentenceVectors(source, b);
        if (ofText.Count == 0)
        {
            return (0, 0, 0);
        }

        double sum = 0;
        int copied = 0, rewritten = 0;
        foreach (var s in ofText)
        {
            double best = 0;
            foreach (var t in ofSource)
            {
                best = Math.Max(best, Cosine(s, t));
            }

            sum += best;
            copied += best >= CopiedCosine ? 1 : 0;
            rewritten += best is >= RewrittenCosine and < CopiedCosine ? 1 : 0;
        }

        return (sum / ofText.Count, (double)copied / ofText.Count, (double)rewritten / ofText.Count);
    }

    private static List<Dictionary<ulong, int>> SentenceVectors(string text, Token[] tokens)
    {
        var list = new List<Dictionary<ulong, int>>();
        foreach (var span in Segmenter.Segment(text).Sentences)
        {
            var (first, end) = Segmenter.TokenRange(tokens, span);
            if (end <= first)
            {
                continue;
            }

            var counts = new Dictionary<ulong, int>();
            for (int i = first; i < end; i++)
            {
                counts[tokens[i].Hash] = counts.GetValueOrDefault(tokens[i].Hash) + 1;
            }

            list.Add(counts);
        }

        return list;
    }

    private static double Cosine(Dictionary<ulong, int> x, Dictionary<ulong, int> y)
    {
        double dot = 0, xx = 0, yy = 0;
        foreach (var (k, v) in x)
        {
            xx += (double)v * v;
            if (y.TryGetValue(k, out int w))
            {
                dot += (double)v * w;
            }
        }

        foreach (int w in y.Values)
        {
            yy += (double)w * w;
        }

        return xx == 0 || yy == 0 ? 0 : dot / Math.Sqrt(xx * yy);
    }
}
