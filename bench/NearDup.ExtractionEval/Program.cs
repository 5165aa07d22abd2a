using System.Globalization;
using System.Text.Json;
using NearDup.Evaluation;
using NearDup.Extract;

// Runs NearDup's extractor and SmartReader on a labelled extraction set, with per-page diagnostics:
//   dotnet run -c Release --project bench/NearDup.ExtractionEval -- article-extraction ../shared/eval/article-extraction
//   dotnet run -c Release --project bench/NearDup.ExtractionEval -- trafilatura ../shared/eval/trafilatura
// options: --max-pages N, --no-smartreader, --rules-only (no block classifier), --model FILE (a classifier written by train --out), --split (figures per half of the web sites, halves fixed by a hash of
// the site), --worst N (the N worst pages with what was lost and kept wrongly), --dump DIR (each page's text),
// --page ID (the block-by-block scoring of one page: id for article-extraction, file name for trafilatura).
// Trains the block classifier, scored by site (folds never share a site), and writes it with --out FILE
// (options --folds 4, --threshold 0.5, --penalty 1e-4):
//   dotnet run -c Release --project bench/NearDup.ExtractionEval -- train ../shared/eval/article-extraction ../shared/eval/trafilatura --out src/NearDup/Extract/block-classifier.txt
if (args.Length >= 3 && args[0] == "train")
{
    double Number(string name, double fallback) =>
        Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    int at = Array.IndexOf(args, "--out");
    return BlockTraining.Run(args[1], args[2], at >= 0 && at + 1 < args.Length ? args[at + 1] : null,
        (int)Number("--folds", 4), Number("--threshold", 0.5), Number("--penalty", 1e-4));
}

if (args.Length < 2 || args[0] is not ("article-extraction" or "trafilatura"))
{
    Console.Error.WriteLine("usage: NearDup.ExtractionEval (article-extraction|trafilatura) DIR [--max-pages N] [--no-smartreader] [--split] [--worst N] [--dump DIR] [--page ID] [--rules-only] [--model FILE]");
    return 2;
}

string set = args[0];
string dir = args[1];
string? Arg(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

// --model FILE: a block classifier written by train --out, in place of the shipped one.
BlockClassifier? classifier = args.Contains("--rules-only") ? null
    : Arg("--model") is string modelFile ? BlockClassifier.Read(File.ReadAllText(modelFile)) : BlockClassifier.Shipped;
if (Arg("--page") is string pageId)
{
    string path = set == "article-extraction" ? Path.Combine(dir, "html", pageId + ".html.gz") : Path.Combine(dir, "html", pageId + ".gz");
    byte[] bytes = Pages.Read(path);
    string? log = null;
    ExtractedArticle a = HtmlExtractor.Extract(bytes, null, new HtmlExtractorOptions { Diagnostics = s => log = s, BlockClassifier = classifier });
    Console.WriteLine(log);
    Console.WriteLine("---- text (" + a.Status + ") ----");
    Console.WriteLine(a.Text);
    return 0;
}

int? maxPages = Arg("--max-pages") is string m ? int.Parse(m, CultureInfo.InvariantCulture) : null;
var options = new ExtractionEvaluationOptions
{
    MaxPages = maxPages,
    CompareSmartReader = !args.Contains("--no-smartreader"),
    KeepTexts = true,
    Extractor = new HtmlExtractorOptions { BlockClassifier = classifier },
};
ExtractionEvaluationResult r = set == "article-extraction"
    ? ArticleExtractionEvaluator.Run(dir, options)
    : TrafilaturaEvaluator.Run(dir, options);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Dataset}: {r.Pages} pages, {r.Elapsed.TotalSeconds:F1} s wall"));
Console.WriteLine("extractor    precision  recall  F1     empty  extraction time");
foreach (ExtractionScore? s in new[] { r.NearDup, r.SmartReader })
{
    if (s is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Extractor,-12} {s.Precision,9:F3}  {s.Recall,6:F3}  {s.F1:F3}  {s.EmptyPages,5}  {s.Time.TotalSeconds,6:F1} s"));
    }
}

// Labels again, for per-half figures and error listings.
var truth = new Dictionary<string, (string Site, string Body, string[] With, string[] Without, string File)>(StringComparer.Ordinal);
using (JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, set == "article-extraction" ? "ground-truth.json" : "evaldata.json"))))
{
    foreach (JsonProperty p in doc.RootElement.EnumerateObject())
    {
        if (set == "article-extraction")
        {
            string body = p.Value.TryGetProperty("articleBody", out JsonElement b) ? b.GetString() ?? string.Empty : string.Empty;
            string url = p.Value.TryGetProperty("url", out JsonElement u) ? u.GetString() ?? string.Empty : string.Empty;
            truth[p.Name] = (Pages.Site(url), body, [], [], p.Name);
        }
        else
        {
            truth[p.Name] = (Pages.Site(p.Name), string.Empty, TrafilaturaEvaluator.Strings(p.Value, "with"), TrafilaturaEvaluator.Strings(p.Value, "without"), p.Value.GetProperty("file").GetString() ?? string.Empty);
        }
    }
}

if (args.Contains("--split"))
{
    for (int half = 0; half < 2; half++)
    {
        var counts = new List<ExtractionShingleCounts>();
        int tp = 0, fp = 0, fn = 0, pages = 0;
        foreach (ExtractionPageResult page in r.PageResults)
        {
            var t = truth[page.Id];
            if (Pages.Half(t.Site) != half)
            {
                continue;
            }

            pages++;
            if (set == "article-extraction")
            {
                counts.Add(ExtractionMetrics.Compare(t.Body, page.NearDupText));
            }
            else
            {
                SnippetCounts c = TrafilaturaEvaluator.Score(page.NearDupText ?? string.Empty, t.With, t.Without);
                tp += c.TruePositives;
                fp += c.FalsePositives;
                fn += c.FalseNegatives;
            }
        }

        (double p, double rc, double f) = set == "article-extraction"
            ? ExtractionMetrics.Aggregate(counts)
            : ((double)tp / Math.Max(1, tp + fp), (double)tp / Math.Max(1, tp + fn), 2.0 * tp / Math.Max(1, 2 * tp + fp + fn));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"half {(half == 0 ? 'A' : 'B')}: {pages} pages  P {p:F4}  R {rc:F4}  F1 {f:F4}"));
    }
}

if (Arg("--dump") is string dumpDir)
{
    Directory.CreateDirectory(dumpDir);
    foreach (ExtractionPageResult page in r.PageResults)
    {
        File.WriteAllText(Path.Combine(dumpDir, truth[page.Id].File + ".txt"), page.NearDupText);
    }
}

if (Arg("--worst") is string worstArg)
{
    int worst = int.Parse(worstArg, CultureInfo.InvariantCulture);
    var ranked = new List<(double Loss, ExtractionPageResult Page)>();
    foreach (ExtractionPageResult page in r.PageResults)
    {
        double loss = set == "article-extraction"
            ? 2 - page.NearDupPrecision - page.NearDupRecall
            : Lost(page);
        ranked.Add((loss, page));
    }

    ranked.Sort((a, b) => b.Loss.CompareTo(a.Loss));
    foreach ((double loss, ExtractionPageResult page) in ranked.Take(worst))
    {
        var t = truth[page.Id];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n=== {t.File} {t.Site} P {page.NearDupPrecision:F3} R {page.NearDupRecall:F3} (SmartReader P {page.SmartReaderPrecision:F3} R {page.SmartReaderRecall:F3}) half {(Pages.Half(t.Site) == 0 ? 'A' : 'B')}"));
        if (set == "trafilatura")
        {
            string text = TrafilaturaEvaluator.CollapseWhitespace(page.NearDupText ?? string.Empty);
            foreach (string w in t.With)
            {
                if (!text.Contains(TrafilaturaEvaluator.CollapseWhitespace(w), StringComparison.Ordinal))
                {
                    Console.WriteLine("  missed: " + w);
                }
            }

            foreach (string w in t.Without)
            {
                if (text.Contains(TrafilaturaEvaluator.CollapseWhitespace(w), StringComparison.Ordinal))
                {
                    Console.WriteLine("  kept:   " + w);
                }
            }
        }
    }
}

return 0;

double Lost(ExtractionPageResult page)
{
    var t = truth[page.Id];
    SnippetCounts c = TrafilaturaEvaluator.Score(page.NearDupText ?? string.Empty, t.With, t.Without);
    return c.FalsePositives + c.FalseNegatives;
}

internal static class Pages
{
    public static byte[] Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The web site of a page: the host of the last url in the key (archived pages), or the name after "hard::".</summary>
    public static string Site(string key)
    {
        int scheme = key.LastIndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            string rest = key[(scheme + 3)..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            string host = (slash >= 0 ? rest[..slash] : rest).ToLowerInvariant();
            return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        }

        int colon = key.LastIndexOf(':');
        string name = colon >= 0 ? key[(colon + 1)..] : key;
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? name[..dash] : name).ToLowerInvariant();
    }

    /// <summary>0 or 1 by a fixed hash (FNV-1a) of the site: the halves never share a site.</summary>
    public static int Half(string site)
    {
        uint h = 2166136261;
        foreach (char c in site)
        {
            h = (h ^ c) * 16777619;
        }

        return (int)(h >> 7 & 1);
    }
}
