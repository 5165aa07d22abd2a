using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NearDup.Evaluation;
using NearDup.Extract;

/// <summary>
/// Trains the block classifier (<see cref="BlockClassifier"/>) on both labelled extraction sets and scores it by
/// site: pages are put in folds by a hash of their web site, each fold is extracted with a model trained on the other
/// folds only, and the held-out figures stand beside the rules' on the same pages. Then fits on all pages and writes
/// the model.
/// </summary>
internal static class BlockTraining
{
    private sealed record Page(string Set, string Id, string Site, string Path, string Body, string[] With, string[] Without);

    public static int Run(string articleDir, string trafilaturaDir, string? output, int folds, double threshold, double penalty)
    {
        var pages = Load(articleDir, trafilaturaDir);
        Console.WriteLine($"{pages.Count} pages, {pages.Select(p => p.Site).Distinct().Count()} sites, {folds} folds by site");

        // The rules' texts, and each page's candidate blocks with labels from the truth.
        var ruleTexts = new ConcurrentDictionary<Page, string>();
        var samples = new ConcurrentDictionary<Page, List<(double[] X, bool Y)>>();
        var candidates = new ConcurrentDictionary<Page, string[]>();
        Parallel.ForEach(pages, page =>
        {
            var local = new List<BlockSample>();
            var options = new HtmlExtractorOptions { BlockClassifier = null, BlockSamples = local.Add };
            ruleTexts[page] = HtmlExtractor.Extract(Pages.Read(page.Path), null, options).Text;
            samples[page] = Label(page, local);
            candidates[page] = [.. local.Select(b => TrafilaturaEvaluator.CollapseWhitespace(b.Text))];
        });
        int labelled = samples.Values.Sum(s => s.Count);
        int positive = samples.Values.Sum(s => s.Count(e => e.Y));
        int ruleRight = samples.Values.Sum(s => s.Count(e => (e.X[0] > 0) == e.Y));
        int outside = samples.Values.Sum(s => s.Count(e => e.X[8] == 0));
        Console.WriteLine($"labelled blocks the rules never considered: {outside} ({samples.Values.Sum(s => s.Count(e => e.X[8] == 0 && e.Y))} article)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"labelled blocks {labelled} ({positive} article), rules agree with {ruleRight} ({(double)ruleRight / Math.Max(1, labelled):F3})"));

        var heldOut = new ConcurrentDictionary<Page, string>();
        int blockRight = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            var train = pages.Where(p => Fold(p.Site, folds) != fold).SelectMany(p => samples[p]).ToList();
            var model = Fit(train, threshold, penalty);
            var test = pages.Where(p => Fold(p.Site, folds) == fold).ToList();
            blockRight += test.SelectMany(p => samples[p]).Count(s => model.Keep(s.X) == s.Y);
            var options = new HtmlExtractorOptions { BlockClassifier = model };
            Parallel.ForEach(test, page => heldOut[page] = HtmlExtractor.Extract(Pages.Read(page.Path), null, options).Text);
            Console.WriteLine($"fold {fold}: trained on {train.Count} blocks, {test.Count} pages held out");
        }

        // NEARDUP_DUMP_PAGE=ID prints one page's held-out text (the model of its fold never saw its site).
        if (Environment.GetEnvironmentVariable("NEARDUP_DUMP_PAGE") is string dump)
        {
            foreach (Page page in pages.Where(p => p.Id == dump))
            {
                Console.WriteLine("---- held out " + page.Id + "\n" + heldOut[page] + "\n----");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out block accuracy {(double)blockRight / Math.Max(1, labelled):F3}"));
        foreach (string set in new[] { "article-extraction", "trafilatura" })
        {
            var ofSet = pages.Where(p => p.Set == set).ToList();
            Console.WriteLine($"{set}: {ofSet.Count} pages");
            Console.WriteLine("  rules                     " + Score(ofSet, p => ruleTexts[p]));
            Console.WriteLine("  classifier, held out      " + Score(ofSet, p => heldOut[p]));
            for (int half = 0; half < 2; half++)
            {
                var ofHalf = ofSet.Where(p => Pages.Half(p.Site) == half).ToList();
                Console.WriteLine($"  half {(half == 0 ? 'A' : 'B')} rules {Score(ofHalf, p => ruleTexts[p])} | held out {Score(ofHalf, p => heldOut[p])}");
            }
        }

        if (Environment.GetEnvironmentVariable("NEARDUP_LIST_LOST") is not null)
        {
            foreach (Page page in pages.Where(p => p.Set == "article-extraction"))
            {
                var rule = ExtractionMetrics.Compare(page.Body, ruleTexts[page]);
                var held = ExtractionMetrics.Compare(page.Body, heldOut[page]);
                Console.WriteLine($"  page {page.Id} {page.Site} rules P {rule.TruePositives / Math.Max(1e-9, rule.TruePositives + rule.FalsePositives):F3} R {rule.TruePositives / Math.Max(1e-9, rule.TruePositives + rule.FalseNegatives):F3} | held out P {held.TruePositives / Math.Max(1e-9, held.TruePositives + held.FalsePositives):F3} R {held.TruePositives / Math.Max(1e-9, held.TruePositives + held.FalseNegatives):F3}");
            }
        }

        // Where trafilatura's held-out errors lie: in a candidate block the classifier decided wrongly, or outside
        // every candidate (the container choice or the candidate scope lost them).
        var lost = new int[2];
        var wrong = new int[2];
        foreach (Page page in pages.Where(p => p.Set == "trafilatura"))
        {
            string text = TrafilaturaEvaluator.CollapseWhitespace(heldOut[page]);
            foreach (string snippet in page.With.Select(TrafilaturaEvaluator.CollapseWhitespace).Where(w => w.Length > 0 && !text.Contains(w, StringComparison.Ordinal)))
            {
                bool inCandidate = candidates[page].Any(c => c.Contains(snippet, StringComparison.Ordinal));
                lost[inCandidate ? 0 : 1]++;
                if (Environment.GetEnvironmentVariable("NEARDUP_LIST_LOST") is not null)
                {
                    Console.WriteLine($"  lost in {(inCandidate ? "a candidate" : "none")}: {page.Id} | {(snippet.Length > 60 ? snippet[..60] : snippet)}");
                }
            }

            foreach (string snippet in page.Without.Select(TrafilaturaEvaluator.CollapseWhitespace).Where(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)))
            {
                wrong[candidates[page].Any(c => c.Contains(snippet, StringComparison.Ordinal)) ? 0 : 1]++;
            }
        }

        Console.WriteLine($"trafilatura held out: snippets missed {lost[0]} in a candidate block, {lost[1]} in none; boilerplate kept {wrong[0]} in a candidate block, {wrong[1]} in none");

        if (output is not null)
        {
            var all = samples.Values.SelectMany(s => s).ToList();
            var final = Fit(all, threshold, penalty);
            File.WriteAllText(output, final.Write());
            Console.WriteLine($"wrote the model fitted on all {all.Count} blocks to {output}");
        }

        return 0;
    }

    private static BlockClassifier Fit(List<(double[] X, bool Y)> examples, double threshold, double penalty)
    {
        var fitted = BlockClassifier.Fit(examples.Select(s => s.X).ToList(), examples.Select(s => s.Y).ToList(), penalty);
        return fitted.WithThreshold(threshold);
    }

    private static int Fold(string site, int folds)
    {
        uint h = 2166136261;
        foreach (char c in site)
        {
            h = (h ^ c) * 16777619;
        }

        return (int)((h >> 3) % (uint)folds);
    }

    private static string Score(List<Page> pages, Func<Page, string> text)
    {
        if (pages.Count > 0 && pages[0].Set == "article-extraction")
        {
            var (p, r, f) = ExtractionMetrics.Aggregate(pages.Select(x => ExtractionMetrics.Compare(x.Body, text(x))).ToList());
            return string.Create(CultureInfo.InvariantCulture, $"P {p:F4} R {r:F4} F1 {f:F4}");
        }

        int tp = 0, fp = 0, fn = 0;
        foreach (var x in pages)
        {
            SnippetCounts c = TrafilaturaEvaluator.Score(text(x), x.With, x.Without);
            tp += c.TruePositives;
            fp += c.FalsePositives;
            fn += c.FalseNegatives;
        }

        return string.Create(CultureInfo.InvariantCulture, $"P {(double)tp / Math.Max(1, tp + fp):F4} R {(double)tp / Math.Max(1, tp + fn):F4} F1 {2.0 * tp / Math.Max(1, (2 * tp) + fp + fn):F4}");
    }

    // A block belongs to the article when most of its word 3-grams (its words, if shorter) are in the true body
    // (article-extraction), or when it holds a snippet of the main text and none of the boilerplate (trafilatura).
    private static List<(double[] X, bool Y)> Label(Page page, List<BlockSample> blocks)
    {
        var list = new List<(double[], bool)>();
        if (page.Set == "article-extraction")
        {
            var truth = ExtractionMetrics.Tokenize(page.Body);
            var words = new HashSet<string>(truth, StringComparer.Ordinal);
            var grams = new HashSet<string>(Grams(truth), StringComparer.Ordinal);
            foreach (var b in blocks)
            {
                var tokens = ExtractionMetrics.Tokenize(b.Text);
                if (tokens.Count == 0)
                {
                    continue;
                }

                var own = Grams(tokens);
                double share = own.Count > 0
                    ? (double)own.Count(grams.Contains) / own.Count
                    : (double)tokens.Count(words.Contains) / tokens.Count;
                list.Add((b.Features, share >= 0.5));
            }

            return list;
        }

        var with = page.With.Select(TrafilaturaEvaluator.CollapseWhitespace).Where(s => s.Length > 0).ToList();
        var without = page.Without.Select(TrafilaturaEvaluator.CollapseWhitespace).Where(s => s.Length > 0).ToList();
        foreach (var b in blocks)
        {
            string text = TrafilaturaEvaluator.CollapseWhitespace(b.Text);
            if (text.Length == 0)
            {
                continue;
            }

            bool good = with.Any(w => text.Contains(w, StringComparison.Ordinal) || (text.Length >= 15 && w.Contains(text, StringComparison.Ordinal)));
            bool bad = without.Any(w => text.Contains(w, StringComparison.Ordinal) || (text.Length >= 15 && w.Contains(text, StringComparison.Ordinal)));
            if (good != bad)
            {
                list.Add((b.Features, good));
            }
        }

        return list;
    }

    private static List<string> Grams(List<string> tokens)
    {
        var grams = new List<string>();
        for (int i = 0; i + 3 <= tokens.Count; i++)
        {
            grams.Add(tokens[i] + " " + tokens[i + 1] + " " + tokens[i + 2]);
        }

        return grams;
    }

    private static List<Page> Load(string articleDir, string trafilaturaDir)
    {
        var pages = new List<Page>();
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(articleDir, "ground-truth.json"))))
        {
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                string body = p.Value.TryGetProperty("articleBody", out JsonElement b) ? b.GetString() ?? string.Empty : string.Empty;
                string url = p.Value.TryGetProperty("url", out JsonElement u) ? u.GetString() ?? string.Empty : string.Empty;
                string path = System.IO.Path.Combine(articleDir, "html", p.Name + ".html.gz");
                if (File.Exists(path))
                {
                    pages.Add(new Page("article-extraction", p.Name, Pages.Site(url), path, body, [], []));
                }
            }
        }

        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(trafilaturaDir, "evaldata.json"))))
        {
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                string file = p.Value.GetProperty("file").GetString() ?? string.Empty;
                string path = System.IO.Path.Combine(trafilaturaDir, "html", file + ".gz");
                if (!File.Exists(path))
                {
                    path = System.IO.Path.Combine(trafilaturaDir, "html", file);
                }

                if (File.Exists(path))
                {
                    pages.Add(new Page("trafilatura", p.Name, Pages.Site(p.Name), path,
                        string.Empty, TrafilaturaEvaluator.Strings(p.Value, "with"), TrafilaturaEvaluator.Strings(p.Value, "without")));
                }
            }
        }

        return pages;
    }
}
