using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NearDup.Evaluation;

/// <summary>
/// Scores NearDup's extractor, and SmartReader beside it, on trafilatura's evaluation pages
/// (<c>evaldata.json</c>: url → file, <c>with</c> and <c>without</c> snippets; pages in <c>html/&lt;file&gt;.gz</c>).
/// </summary>
/// <remarks>
/// As upstream's comparison script: per page, each <c>with</c> snippet found in the output is a true positive
/// (else a false negative), each <c>without</c> snippet found a false positive (else a true negative); counts are
/// summed over pages; precision = TP/(TP+FP), recall = TP/(TP+FN), F = 2TP/(2TP+FP+FN). Upstream tests
/// <c>snippet in output</c> on the raw strings and relies on extractors emitting single-spaced lines (trafilatura
/// collapses whitespace); here both output and snippet have whitespace runs (newlines and no-break spaces included)
/// collapsed to one space before the ordinal substring test, so neither extractor is penalised for line breaks.
/// </remarks>
public static class TrafilaturaEvaluator
{
    /// <summary>Runs the evaluation on the set in <paramref name="dataDir"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">It holds no evaldata.json.</exception>
    /// <exception cref="InvalidDataException">evaldata.json is not the expected JSON.</exception>
    public static ExtractionEvaluationResult Run(string dataDir, ExtractionEvaluationOptions? options = null)
    {
        options ??= new();
        options.Validate();
        ExtractionEvaluation.RequireDirectory(dataDir, "evaldata.json");
        string dataPath = Path.Combine(dataDir, "evaldata.json");
        var pages = new List<(string Url, string File, string[] With, string[] Without)>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(dataPath));
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                string file = p.Value.GetProperty("file").GetString() ?? string.Empty;
                if (file.Length == 0)
                {
                    continue;
                }

                pages.Add((p.Name, file, Strings(p.Value, "with"), Strings(p.Value, "without")));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{dataPath}: not an object of url -> {{file, with, without}}: {ex.Message}", ex);
        }

        pages.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        if (options.MaxPages is int max && pages.Count > max)
        {
            pages.RemoveRange(max, pages.Count - max);
        }

        var results = new ExtractionPageResult[pages.Count];
        var nearDup = new SnippetCounts[pages.Count];
        var smart = new SnippetCounts[pages.Count];
        long nearDupTicks = 0, smartTicks = 0;
        int nearDupEmpty = 0, smartEmpty = 0;
        long start = Stopwatch.GetTimestamp();
        Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            (string url, string file, string[] with, string[] without) = pages[i];
            string path = Path.Combine(dataDir, "html", file + ".gz");
            if (!File.Exists(path))
            {
                path = Path.Combine(dataDir, "html", file);
            }

            (string n, string? s, long nt, long st, string? error) = ExtractionEvaluation.RunPage(path, url, options);
            Interlocked.Add(ref nearDupTicks, nt);
            Interlocked.Add(ref smartTicks, st);
            if (n.Length == 0)
            {
                Interlocked.Increment(ref nearDupEmpty);
            }

            if (s is { Length: 0 })
            {
                Interlocked.Increment(ref smartEmpty);
            }

            nearDup[i] = Score(n, with, without);
            double sp = double.NaN, sr = double.NaN;
            if (s is not null)
            {
                smart[i] = Score(s, with, without);
                sp = smart[i].Precision;
                sr = smart[i].Recall;
            }

            results[i] = new ExtractionPageResult(url, nearDup[i].Precision, nearDup[i].Recall, sp, sr, error)
            {
                NearDupText = options.KeepTexts ? n : null,
                SmartReaderText = options.KeepTexts ? s : null,
            };
        });

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        ExtractionScore nearDupScore = Total(nearDup).ToScore("NearDup", pages.Count, nearDupEmpty, Stopwatch.GetElapsedTime(0, nearDupTicks));
        ExtractionScore? smartScore = options.CompareSmartReader
            ? Total(smart).ToScore("SmartReader", pages.Count, smartEmpty, Stopwatch.GetElapsedTime(0, smartTicks))
            : null;
        return new ExtractionEvaluationResult("trafilatura", dataDir, pages.Count, nearDupScore, smartScore, elapsed, results);
    }

    /// <summary>Snippet counts of one output (upstream's evaluate_result).</summary>
    public static SnippetCounts Score(string output, IReadOnlyList<string> with, IReadOnlyList<string> without)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(with);
        ArgumentNullException.ThrowIfNull(without);
        string text = CollapseWhitespace(output);
        int tp = 0, fn = 0, fp = 0, tn = 0;
        foreach (string snippet in with)
        {
            if (text.Contains(CollapseWhitespace(snippet), StringComparison.Ordinal))
            {
                tp++;
            }
            else
            {
                fn++;
            }
        }

        foreach (string snippet in without)
        {
            if (text.Contains(CollapseWhitespace(snippet), StringComparison.Ordinal))
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }

        return new SnippetCounts(tp, fp, fn, tn);
    }

    /// <summary>Runs of whitespace (any Unicode space, newline, no-break space) become one space; ends trimmed.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static SnippetCounts Total(SnippetCounts[] pages)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (SnippetCounts c in pages)
        {
            tp += c.TruePositives;
            fp += c.FalsePositives;
            fn += c.FalseNegatives;
            tn += c.TrueNegatives;
        }

        return new SnippetCounts(tp, fp, fn, tn);
    }

    /// <summary>The non-empty strings of a JSON array property (the labels' snippet lists).</summary>
    internal static string[] Strings(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out JsonElement a) || a.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>();
        foreach (JsonElement s in a.EnumerateArray())
        {
            if (s.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(s.GetString()))
            {
                list.Add(s.GetString()!);
            }
        }

        return [.. list];
    }
}
