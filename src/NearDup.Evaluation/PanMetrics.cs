namespace NearDup.Evaluation;

/// <summary>
/// PAN's text-alignment measures (Potthast, Stein, Barrón-Cedeño and Rosso 2010, "An Evaluation Framework for
/// Plagiarism Detection"): macro-averaged character precision and recall over both documents of a case,
/// granularity (detections per detected case) and plagdet = F1 / log2(1 + granularity); plus case recall.
/// </summary>
public sealed record PanMetrics(
    double Precision, double Recall, double Granularity, double PlagDet, double CaseRecall, int Cases, int Detections)
{
    public double F1 => Metrics.F1(Precision, Recall);

    public static PanMetrics Compute(IReadOnlyList<ReuseCase> cases, IReadOnlyList<ReuseCase> detections)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(detections);
        double recall = cases.Count == 0 ? 1 : MacroCoverage(cases, detections);
        double precision = detections.Count == 0 ? 0 : MacroCoverage(detections, cases);

        int detected = 0;
        long detectionsOfDetected = 0;
        foreach (var s in cases)
        {
            int n = 0;
            foreach (var r in detections)
            {
                if (r.Detects(s))
                {
                    n++;
                }
            }

            if (n > 0)
            {
                detected++;
                detectionsOfDetected += n;
            }
        }

        double granularity = detected == 0 ? 1 : (double)detectionsOfDetected / detected;
        double f1 = Metrics.F1(precision, recall);
        double plagdet = f1 / Math.Log2(1 + granularity);
        double caseRecall = cases.Count == 0 ? 1 : (double)detected / cases.Count;
        return new PanMetrics(precision, recall, granularity, plagdet, caseRecall, cases.Count, detections.Count);
    }

    // Mean over xs of the share of x's characters (in both documents) covered by the ys that overlap it.
    private static double MacroCoverage(IReadOnlyList<ReuseCase> xs, IReadOnlyList<ReuseCase> ys)
    {
        double sum = 0;
        var susp = new List<TextSpan>();
        var src = new List<TextSpan>();
        foreach (var x in xs)
        {
            susp.Clear();
            src.Clear();
            foreach (var y in ys)
            {
                if (y.Detects(x))
                {
                    susp.Add(Intersect(x.SuspiciousSpan, y.SuspiciousSpan));
                    src.Add(Intersect(x.SourceSpan, y.SourceSpan));
                }
            }

            int chars = x.Characters;
            if (chars > 0)
            {
                sum += (double)(UnionLength(susp) + UnionLength(src)) / chars;
            }
        }

        return sum / xs.Count;
    }

    private static TextSpan Intersect(TextSpan a, TextSpan b) => new(Math.Max(a.Start, b.Start), Math.Min(a.End, b.End));

    private static int UnionLength(List<TextSpan> spans)
    {
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        int total = 0, end = int.MinValue;
        foreach (var s in spans)
        {
            if (s.IsEmpty)
            {
                continue;
            }

            int start = Math.Max(s.Start, end);
            if (s.End > start)
            {
                total += s.End - start;
                end = s.End;
            }
        }

        return total;
    }
}
