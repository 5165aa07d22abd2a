using NearDup.Evaluation;

namespace NearDup.Tests.Evaluation;

public class ExtractionMetricsTest
{
    [Fact]
    public void Tokenize_FollowsPythonWordRegex()
    {
        Assert.Equal(["don", "t", "naïve_x", "42", "Ünïcode"], ExtractionMetrics.Tokenize("don't naïve_x, 42 — Ünïcode!"));
        Assert.Equal(["東京都は火曜日"], ExtractionMetrics.Tokenize("東京都は火曜日"));

        // Python's \w excludes combining marks (category Mn): a decomposed é splits the word.
        Assert.Equal(["cafe", "x"], ExtractionMetrics.Tokenize("cafe\u0301x"));
        Assert.Empty(ExtractionMetrics.Tokenize(null));
    }

    [Fact]
    public void Compare_Identical_IsAllTruePositives()
    {
        ExtractionShingleCounts c = ExtractionMetrics.Compare("one two three four five", "one two three four five");

        Assert.Equal(new ExtractionShingleCounts(1, 0, 0), c);
        Assert.Equal(1.0, ExtractionMetrics.Precision(c));
        Assert.Equal(1.0, ExtractionMetrics.Recall(c));
    }

    [Fact]
    public void Compare_PrefixPrediction_HandComputed()
    {
        // truth shingles: (a b c d), (b c d e); predicted: (a b c d) -> tp 1, fp 0, fn 1, normalized by 2.
        ExtractionShingleCounts c = ExtractionMetrics.Compare("a b c d e", "a b c d");

        Assert.Equal(new ExtractionShingleCounts(0.5, 0, 0.5), c);
        Assert.Equal(1.0, ExtractionMetrics.Precision(c));
        Assert.Equal(0.5, ExtractionMetrics.Recall(c));
    }

    [Fact]
    public void Compare_ExtraText_HandComputed()
    {
        // truth: (a b c d); predicted: (x a b c), (a b c d), (b c d y): tp 1, fp 2, fn 0 -> /3.
        ExtractionShingleCounts c = ExtractionMetrics.Compare("a b c d", "x a b c d y");

        Assert.Equal(1.0 / 3, c.TruePositives, 12);
        Assert.Equal(2.0 / 3, c.FalsePositives, 12);
        Assert.Equal(1.0 / 3, ExtractionMetrics.Precision(c), 12);
        Assert.Equal(1.0, ExtractionMetrics.Recall(c));
    }

    [Fact]
    public void Compare_RepeatedShingles_CountAsMultiset()
    {
        // truth has (a b c d) twice: predicting it once is tp 1, fn 1.
        ExtractionShingleCounts c = ExtractionMetrics.Compare("a b c d a b c d", "a b c d");

        Assert.Equal(1.0 / 5, c.TruePositives, 12);
        Assert.Equal(4.0 / 5, c.FalseNegatives, 12);
    }

    [Fact]
    public void Compare_ShortTexts_AreOneShingle()
    {
        Assert.Equal(new ExtractionShingleCounts(1, 0, 0), ExtractionMetrics.Compare("Hello world", "hello: Hello world!"[7..]));
        Assert.Equal(new ExtractionShingleCounts(0, 0.5, 0.5), ExtractionMetrics.Compare("Hello world", "hello world"));
    }

    [Fact]
    public void Aggregate_EmptyPrediction_CountsForRecallOnly()
    {
        ExtractionShingleCounts perfect = ExtractionMetrics.Compare("a b c d e", "a b c d e");
        ExtractionShingleCounts empty = ExtractionMetrics.Compare("a b c d e", string.Empty);

        (double p, double r, double f1) = ExtractionMetrics.Aggregate([perfect, empty]);

        Assert.Equal(1.0, p);
        Assert.Equal(0.5, r);
        Assert.Equal(2 * 0.5 / 1.5, f1, 12);
    }

    [Fact]
    public void SnippetScore_CountsWithAndWithout_IgnoringWhitespaceRuns()
    {
        SnippetCounts c = TrafilaturaEvaluator.Score("First  line\nof the\u00A0text.\n\nFooter", ["line of the text.", "missing"], ["Footer", "Impressum"]);

        Assert.Equal(new SnippetCounts(1, 1, 1, 1), c);
        Assert.Equal(0.5, c.Precision);
        Assert.Equal(0.5, c.Recall);
        Assert.Equal(0.5, c.F1);
    }
}
