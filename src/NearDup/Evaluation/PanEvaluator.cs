using System.Diagnostics;
using System.Globalization;
using NearDup.Align;
using NearDup.Text;

namespace NearDup.Evaluation;

/// <summary>
/// PAN text alignment (a directory laid out as <c>pan13-no-obfuscation/</c>: <c>pairs</c>, <c>susp/</c>, <c>src/</c>,
/// <c>cases.tsv</c>): every aligned passage of each listed (suspicious, source) pair is a detection, scored with
/// PAN's character measures against the labelled cases.
/// </summary>
public static class PanEvaluator
{
    public sealed record Result(PanMetrics Scores, int Pairs, TimeSpan Elapsed, IReadOnlyList<ReuseCase> Missed, IReadOnlyList<ReuseCase> FalseDetections);

    public static Result Run(string dataDir, AlignOptions? align = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var pairs = File.ReadAllLines(Path.Combine(dataDir, "pairs"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2)
            .Select(p => (Susp: p[0], Src: p[1]))
            .ToList();
        var cases = ReadCases(Path.Combine(dataDir, "cases.tsv"));
        var aligner = new Aligner(align);
        var detections = new List<ReuseCase>[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (susp, src) = pairs[i];
            var a = Tokenizer.Tokenize(File.ReadAllText(Path.Combine(dataDir, "susp", susp)));
            var b = Tokenizer.Tokenize(File.ReadAllText(Path.Combine(dataDir, "src", src)));
            var alignment = aligner.Align(a, b);
            var found = new List<ReuseCase>(alignment.Passages.Count);
            foreach (var p in alignment.Passages)
            {
                found.Add(new ReuseCase(susp, p.A, src, p.B));
            }

            detections[i] = found;
        });
        var all = detections.SelectMany(d => d).ToList();
        var scores = PanMetrics.Compute(cases, all);
        var missed = cases.Where(c => !all.Any(d => d.Detects(c))).ToList();
        var falseDetections = all.Where(d => !cases.Any(c => c.Detects(d))).ToList();
        return new Result(scores, pairs.Count, watch.Elapsed, missed, falseDetections);
    }

    public static List<ReuseCase> ReadCases(string path)
    {
        var cases = new List<ReuseCase>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split('\t');
            if (f.Length < 6)
            {
                continue;
            }

            int so = int.Parse(f[1], CultureInfo.InvariantCulture), sl = int.Parse(f[2], CultureInfo.InvariantCulture);
            int ro = int.Parse(f[4], CultureInfo.InvariantCulture), rl = int.Parse(f[5], CultureInfo.InvariantCulture);
            cases.Add(new ReuseCase(f[0], new TextSpan(so, so + sl), f[3], new TextSpan(ro, ro + rl)));
        }

        return cases;
    }
}
