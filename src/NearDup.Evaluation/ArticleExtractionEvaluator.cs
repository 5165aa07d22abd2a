using System.Diagnostics;
using System.Text.Json;

namespace NearDup.Evaluation;

/// <summary>
/// Scores NearDup's extractor, and SmartReader beside it, on Zyte's article-extraction benchmark
/// (<c>ground-truth.json</c> and <c>html/&lt;id&gt;.html.gz</c>) with the benchmark's own metric, <see cref="ExtractionMetrics"/>.
/// </summary>
public static class ArticleExtractionEvaluator
{
    /// <summary>Runs the evaluation on the set in <paramref name="dataDir"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">It holds no ground-truth.json.</exception>
    /// <exception cref="InvalidDataException">ground-truth.json is not the expected JSON.</exception>
    public static ExtractionEvaluationResult Run(string dataDir, ExtractionEvaluationOptions? options = null)
    {
        options ??= new();
        options.Validate();
        ExtractionEvaluation.RequireDirectory(dataDir, "ground-truth.json");
        string truthPath = Path.Combine(dataDir, "ground-truth.json");
        var pages = new List<(string Id, string Body, string? Url)>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(truthPath));
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                string body = p.Value.TryGetProperty("articleBody", out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : string.Empty;
                string? url = p.Value.TryGetProperty("url", out JsonElement u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                pages.Add((p.Name, body, url));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{truthPath}: not an object of id -> {{articleBody, url}}: {ex.Message}", ex);
        }

        pages.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        if (options.MaxPages is int max && pages.Count > max)
        {
            pages.RemoveRange(max, pages.Count - max);
        }

        var results = new ExtractionPageResult[pages.Count];
        var nearDupCounts = new ExtractionShingleCounts[pages.Count];
        var smartCounts = new ExtractionShingleCounts[pages.Count];
        long nearDupTicks = 0, smartTicks = 0;
        int nearDupEmpty = 0, smartEmpty = 0;
        long start = Stopwatch.GetTimestamp();
        Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            (string id, string body, string? url) = pages[i];
            string path = Path.Combine(dataDir, "html", id + ".html.gz");
            (string nearDup, string? smart, long nt, long st, string? error) = ExtractionEvaluation.RunPage(path, url, options);
            Interlocked.Add(ref nearDupTicks, nt);
            Interlocked.Add(ref smartTicks, st);
            if (nearDup.Length == 0)
            {
                Interlocked.Increment(ref nearDupEmpty);
            }

            if (smart is { Length: 0 })
            {
                Interlocked.Increment(ref smartEmpty);
            }

            ExtractionShingleCounts n = ExtractionMetrics.Compare(body, nearDup);
            nearDupCounts[i] = n;
            double sp = double.NaN, sr = double.NaN;
            if (smart is not null)
            {
                ExtractionShingleCounts s = ExtractionMetrics.Compare(body, smart);
                smartCounts[i] = s;
                sp = ExtractionMetrics.Precision(s);
                sr = ExtractionMetrics.Recall(s);
            }

            results[i] = new ExtractionPageResult(id, ExtractionMetrics.Precision(n), ExtractionMetrics.Recall(n), sp, sr, error)
            {
                NearDupText = options.KeepTexts ? nearDup : null,
                SmartReaderText = options.KeepTexts ? smart : null,
            };
        });

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        (double np, double nr, double nf) = ExtractionMetrics.Aggregate(nearDupCounts);
        var nearDupScore = new ExtractionScore("NearDup", np, nr, nf, pages.Count, nearDupEmpty, Stopwatch.GetElapsedTime(0, nearDupTicks));
        ExtractionScore? smartScore = null;
        if (options.CompareSmartReader)
        {
            (double sp, double sr, double sf) = ExtractionMetrics.Aggregate(smartCounts);
            smartScore = new ExtractionScore("SmartReader", sp, sr, sf, pages.Count, smartEmpty, Stopwatch.GetElapsedTime(0, smartTicks));
        }

        return new ExtractionEvaluationResult("article-extraction", dataDir, pages.Count, nearDupScore, smartScore, elapsed, results);
    }
}
