using System.Diagnostics;
using System.Globalization;
using NearDup.Align;
using NearDup.Text;

namespace NearDup.Evaluation;

/// <summary>
/// PAN text alignment (a directory laid out as <c>pan13-no-obfuscation/</c>: <c>pairs</c>, <c>susp/</c>, <c>src/</c>,
/// <c>cases.tsv</c>): every aligned passage of each listed (suspicious, source) pair with at least
/// <see cref="PanEvalOptions.MinPassageTokens"/> matched words is a detection, scored with PAN's character measures
/// against the labelled cases.
/// </summary>
public static class PanEvaluator
{
    private const string Set = "pan13";

    /// <summary>
    /// A detection touching no labelled case whose two sides agree on at least this share of words
    /// (<see cref="Passage.Similarity"/>) is a copy the labels lack (the set lost 22 of 624 cases when its labels were
    /// re-anchored), reported apart in <see cref="Result.UnlabelledCopies"/>.
    /// </summary>
    public const double UnlabelledCopySimilarity = 0.85;

    /// <summary>The scores, with the cases no detection touched and the detections that touch no case.</summary>
    /// <param name="UnlabelledCopies">The <paramref name="FalseDetections"/> that are copies word for word (or nearly,
    /// <see cref="UnlabelledCopySimilarity"/>): real reuse missing from the labels, not errors of the aligner.</param>
    /// <param name="ScoresWithUnlabelledCopies">The scores with <paramref name="UnlabelledCopies"/> added to the cases: a
    /// diagnostic of what the other detections cost; the figure to report is <paramref name="Scores"/>.</param>
    public sealed record Result(
        PanMetrics Scores, int Pairs, TimeSpan Elapsed, IReadOnlyList<ReuseCase> Detections,
        IReadOnlyList<ReuseCase> Missed, IReadOnlyList<ReuseCase> FalseDetections,
        IReadOnlyList<ReuseCase> UnlabelledCopies, PanMetrics ScoresWithUnlabelledCopies);

    /// <exception cref="Read.NearDupFormatException">A file of the set is missing or a line is malformed.</exception>
    public static Result Run(string dataDir, PanEvalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        options = (options ?? new()).Validate();
        var watch = Stopwatch.StartNew();
        var pairs = ReadPairs(EvalData.RequireFile(dataDir, Set, "pairs"));
        var cases = ReadCases(EvalData.RequireFile(dataDir, Set, "cases.tsv"));
        foreach (var (susp, src) in pairs)
        {
            EvalData.RequireFile(dataDir, Set, "susp", susp);
            EvalData.RequireFile(dataDir, Set, "src", src);
        }

        var aligner = new Aligner(options.Align);
        var detections = new List<(ReuseCase Case, double Similarity)>[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (susp, src) = pairs[i];
            var a = Tokenizer.Tokenize(File.ReadAllText(Path.Combine(dataDir, "susp", susp)));
            var b = Tokenizer.Tokenize(File.ReadAllText(Path.Combine(dataDir, "src", src)));
            var alignment = aligner.Align(a, b);
            var found = new List<(ReuseCase, double)>(alignment.Passages.Count);
            foreach (var p in alignment.Passages)
            {
                if (p.MatchedTokens >= options.MinPassageTokens)
                {
                    found.Add((new ReuseCase(susp, p.A, src, p.B), p.Similarity));
                }
            }

            detections[i] = found;
        });
        var all = detections.SelectMany(d => d).Select(d => d.Case).ToList();
        var scores = PanMetrics.Compute(cases, all);
        var missed = cases.Where(c => !all.Any(d => d.Detects(c))).ToList();
        var falseDetections = all.Where(d => !cases.Any(c => c.Detects(d))).ToList();
        var unlabelled = detections.SelectMany(d => d)
            .Where(d => d.Similarity >= UnlabelledCopySimilarity && !cases.Any(c => c.Detects(d.Case)))
            .Select(d => d.Case).ToList();
        var completed = PanMetrics.Compute([.. cases, .. unlabelled], all);
        return new Result(scores, pairs.Count, watch.Elapsed, all, missed, falseDetections, unlabelled, completed);
    }

    /// <summary>Reads <c>pairs</c>: one <c>suspicious source</c> file-name pair per line.</summary>
    public static List<(string Suspicious, string Source)> ReadPairs(string path)
    {
        var pairs = new List<(string, string)>();
        long line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            string[] f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 2 || !SafeName(f[0]) || !SafeName(f[1]))
            {
                throw EvalData.Bad(path, line, "expected two file names separated by a space");
            }

            pairs.Add((f[0], f[1]));
        }

        return pairs;
    }

    /// <summary>Reads <c>cases.tsv</c> (header, then suspicious, offset, length, source, offset, length).</summary>
    public static List<ReuseCase> ReadCases(string path)
    {
        var cases = new List<ReuseCase>();
        long line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
            {
                continue;
            }

            string[] f = text.Split('\t');
            if (f.Length < 6
                || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int so)
                || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int sl)
                || !int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out int ro)
                || !int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int rl)
                || so > int.MaxValue - sl || ro > int.MaxValue - rl)
            {
                throw EvalData.Bad(path, line, "expected suspicious, offset, length, source, offset, length (tab-separated, offsets ≥ 0)");
            }

            cases.Add(new ReuseCase(f[0], new TextSpan(so, so + sl), f[3], new TextSpan(ro, ro + rl)));
        }

        return cases;
    }

    // File names from the listing are joined to the data folder: no paths out of it.
    private static bool SafeName(string name) =>
        name.IndexOfAny(['/', '\\']) < 0 && name != "." && name != "..";
}
