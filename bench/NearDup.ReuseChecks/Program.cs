using System.Globalization;
using System.Text.RegularExpressions;
using NearDup.Evaluation;
using NearDup.Semantic.MiniLM;

// Checks behind docs/EVALUATION.md (issue 13), run from the repository root:
//   dotnet run -c Release --project bench/NearDup.ReuseChecks -- pan13-edges [DIR]
//     every PAN13 detection that runs past its labelled case: is the part outside the case found in the source span?
//   dotnet run -c Release --project bench/NearDup.ReuseChecks -- clough-semantic [DIR]
//     Clough & Stevenson with MiniLM sentence features and the length ratio beside the shipped model's five features,
//     leave-one-person-out, and the whole choice made inside each outer fold (nested).
//   dotnet run -c Release --project bench/NearDup.ReuseChecks -- clough-cross [DIR]
//     the same with the MRPC cross-encoder reading each answer sentence beside each source sentence.
//   dotnet run -c Release --project bench/NearDup.ReuseChecks -- clough-binary [DIR]
//     reuse vs none by a model fitted on two labels (none, reuse) instead of the four levels' model.
if (args.Length < 1 || args[0] is not ("pan13-edges" or "clough-semantic" or "clough-cross" or "clough-binary"))
{
    Console.Error.WriteLine("usage: NearDup.ReuseChecks (pan13-edges|clough-semantic|clough-cross|clough-binary) [DIR]");
    return 2;
}

if (args[0] == "pan13-edges")
{
    PanEdges(args.Length > 1 ? args[1] : "../shared/eval/pan13-no-obfuscation");
}
else if (args[0] == "clough-binary")
{
    await CloughBinary(args.Length > 1 ? args[1] : "../shared/eval/clough-stevenson");
}
else if (args[0] == "clough-cross")
{
    await CloughCross(args.Length > 1 ? args[1] : "../shared/eval/clough-stevenson");
}
else
{
    await CloughSemantic(args.Length > 1 ? args[1] : "../shared/eval/clough-stevenson");
}

return 0;

static string Words(string s) => Regex.Replace(s, @"\W+", " ").Trim().ToLowerInvariant();

static void PanEdges(string dir)
{
    var result = PanEvaluator.Run(dir);
    var cases = PanEvaluator.ReadCases(Path.Combine(dir, "cases.tsv"));
    int pieces = 0, outside = 0, inSource = 0;
    foreach (var d in result.Detections)
    {
        var touched = cases.Where(c => c.Detects(d)).ToList();
        if (touched.Count == 0)
        {
            continue;
        }

        string suspicious = File.ReadAllText(Path.Combine(dir, "susp", d.Suspicious));
        string sourceSpan = Words(File.ReadAllText(Path.Combine(dir, "src", d.Source))[d.SourceSpan.Start..d.SourceSpan.End]);
        int caseStart = touched.Min(c => c.SuspiciousSpan.Start), caseEnd = touched.Max(c => c.SuspiciousSpan.End);
        foreach ((int start, int end) in new[] { (d.SuspiciousSpan.Start, caseStart), (caseEnd, d.SuspiciousSpan.End) })
        {
            string words = end > start ? Words(suspicious[start..end]) : string.Empty;
            if (words.Length < 3)
            {
                continue;
            }

            bool found = sourceSpan.Contains(words, StringComparison.Ordinal);
            pieces++;
            outside += end - start;
            inSource += found ? end - start : 0;
            string text = suspicious[start..end].ReplaceLineEndings(" ");
            Console.WriteLine($"{(found ? "in source" : "NOT in source")} {d.Suspicious} [{start}, {end}) case [{caseStart}, {caseEnd}) | {text[..Math.Min(100, text.Length)]}");
        }
    }

    Console.WriteLine($"{pieces} stretches past a case, {outside} chars; {inSource} chars of them found word for word in the detection's source span");
}

static async Task CloughSemantic(string dir)
{
    var run = await CloughStevensonEvaluator.RunAsync(dir, baselines: false);
    using var encoder = new MiniLmEncoder();
    int dim = encoder.Dimension;
    var sources = new Dictionary<string, (float[] Vectors, int Count, int Words)>(StringComparer.Ordinal);
    var answers = new List<CloughStevensonEvaluator.Answer>();
    foreach (var a in run.Answers)
    {
        if (!sources.TryGetValue(a.Task, out var source))
        {
            string text = File.ReadAllText(Path.Combine(dir, "sources", $"orig_task{a.Task}.txt"));
            var sentences = Sentences(text);
            source = (Encode(sentences), sentences.Count, WordCount(text));
            sources[a.Task] = source;
        }

        string answer = File.ReadAllText(Path.Combine(dir, "answers", a.File));
        var own = Sentences(answer);
        float[] vectors = Encode(own);
        double sum = 0;
        int paraphrased = 0;
        for (int i = 0; i < own.Count; i++)
        {
            double best = 0;
            for (int j = 0; j < source.Count; j++)
            {
                best = Math.Max(best, Cosine(vectors.AsSpan(i * dim, dim), source.Vectors.AsSpan(j * dim, dim)));
            }

            sum += best;
            paraphrased += best >= 0.7 ? 1 : 0;
        }

        // Three slots the shipped model does not read carry the new measures.
        var values = Enum.GetValues<ReuseFeature>().Select(f => a.Features[f]).ToArray();
        values[(int)ReuseFeature.SentenceCosine] = own.Count > 0 ? sum / own.Count : 0;
        values[(int)ReuseFeature.RewrittenSentenceShare] = own.Count > 0 ? (double)paraphrased / own.Count : 0;
        values[(int)ReuseFeature.CopiedSentenceShare] = (double)WordCount(answer) / source.Words;
        answers.Add(a with { Features = ReuseFeatures.FromValues(values) });
    }

    var five = ReuseLevelModel.DefaultFeatures.ToList();
    ReuseFeature semantic = ReuseFeature.SentenceCosine, paraphrase = ReuseFeature.RewrittenSentenceShare, ratio = ReuseFeature.CopiedSentenceShare;
    var sets = new List<(string Name, List<ReuseFeature> Features)>
    {
        ("five (shipped)", five),
        ("+ MiniLM mean best cosine", [.. five, semantic]),
        ("+ MiniLM paraphrase share (cosine >= 0.7)", [.. five, paraphrase]),
        ("+ length ratio", [.. five, ratio]),
        ("+ mean cosine + paraphrase share", [.. five, semantic, paraphrase]),
        ("+ mean cosine + paraphrase share + ratio", [.. five, semantic, paraphrase, ratio]),
        ("+ verbatim, edited, order", [.. five, ReuseFeature.VerbatimShare, ReuseFeature.EditedShare, ReuseFeature.OrderKept]),
        ("+ mean cosine, verbatim, edited, order, ratio", [.. five, semantic, ReuseFeature.VerbatimShare, ReuseFeature.EditedShare, ReuseFeature.OrderKept, ratio]),
    };
    CompareSets(answers, sets);

    float[] Encode(List<string> sentences)
    {
        var v = new float[sentences.Count * dim];
        encoder.Encode(sentences, v);
        return v;
    }
}

static async Task CloughBinary(string dir)
{
    var run = await CloughStevensonEvaluator.RunAsync(dir, baselines: false);
    var answers = run.Answers.ToList();
    var five = ReuseLevelModel.DefaultFeatures.ToList();
    CompareSets(answers, [
        ("five (shipped)", five),
        ("containment 2, 3", [ReuseFeature.Containment2, ReuseFeature.Containment3]),
        ("containment 1..5", [ReuseFeature.Containment1, ReuseFeature.Containment2, ReuseFeature.Containment3, ReuseFeature.Containment4, ReuseFeature.Containment5]),
        ("containment 3", [ReuseFeature.Containment3]),
        ("five + containment 2", [.. five, ReuseFeature.Containment2]),
        ("five + loose coverage", [.. five, ReuseFeature.LooseCoverage]),
    ], reuseOnly: true);
}

static async Task CloughCross(string dir)
{
    var run = await CloughStevensonEvaluator.RunAsync(dir, baselines: false);
    using var cross = new MiniLmCrossEncoder();
    var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
    var answers = new List<CloughStevensonEvaluator.Answer>();
    foreach (var a in run.Answers)
    {
        if (!sources.TryGetValue(a.Task, out var source))
        {
            source = Sentences(File.ReadAllText(Path.Combine(dir, "sources", $"orig_task{a.Task}.txt")));
            sources[a.Task] = source;
        }

        var own = Sentences(File.ReadAllText(Path.Combine(dir, "answers", a.File)));
        var first = new List<string>();
        var second = new List<string>();
        foreach (string sentence in own)
        {
            foreach (string s in source)
            {
                first.Add(sentence);
                second.Add(s);
            }
        }

        var p = new float[first.Count];
        cross.Score(first, second, p);
        double sum = 0;
        int paraphrased = 0;
        for (int i = 0; i < own.Count; i++)
        {
            float best = 0;
            for (int j = 0; j < source.Count; j++)
            {
                best = Math.Max(best, p[(i * source.Count) + j]);
            }

            sum += best;
            paraphrased += best >= cross.Threshold ? 1 : 0;
        }

        // Two slots the shipped model does not read carry the new measures.
        var values = Enum.GetValues<ReuseFeature>().Select(f => a.Features[f]).ToArray();
        values[(int)ReuseFeature.SentenceCosine] = own.Count > 0 ? sum / own.Count : 0;
        values[(int)ReuseFeature.RewrittenSentenceShare] = own.Count > 0 ? (double)paraphrased / own.Count : 0;
        answers.Add(a with { Features = ReuseFeatures.FromValues(values) });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.File,-16} {a.Level,-6} c3 {a.Features[ReuseFeature.Containment3]:F3} cross mean {values[(int)ReuseFeature.SentenceCosine]:F3} share {values[(int)ReuseFeature.RewrittenSentenceShare]:F3}"));
    }

    var five = ReuseLevelModel.DefaultFeatures.ToList();
    ReuseFeature mean = ReuseFeature.SentenceCosine, share = ReuseFeature.RewrittenSentenceShare;
    CompareSets(answers, [
        ("five (shipped)", five),
        ("+ cross-encoder mean best p", [.. five, mean]),
        ("+ cross-encoder paraphrase share (p >= 0.5)", [.. five, share]),
        ("+ both", [.. five, mean, share]),
    ]);
}

// Each feature set at four penalties, leave-one-person-out; then the set and penalty chosen inside each outer fold (nested).
// With reuseOnly the model is fitted on two labels (none, and every reuse level as cut) and chosen by reuse vs none.
static void CompareSets(List<CloughStevensonEvaluator.Answer> answers, List<(string Name, List<ReuseFeature> Features)> sets, bool reuseOnly = false)
{
    double[] penalties = [0.003, 0.01, 0.03, 0.1];
    foreach (var (name, features) in sets)
    {
        var row = penalties.Select(p => Cv(answers, features, p, reuseOnly)).ToList();
        Console.WriteLine($"{name,-48} " + string.Join("  ", row.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Binary:F3}/{r.Levels:F3}"))));
    }

    int right = 0, rightBinary = 0;
    var chosen = new Dictionary<string, int>(StringComparer.Ordinal);
    foreach (string person in answers.Select(a => a.Person).Distinct())
    {
        var rest = answers.Where(a => a.Person != person).ToList();
        (string Name, List<ReuseFeature> Features, double Penalty) best = (sets[0].Name, sets[0].Features, penalties[0]);
        double bestLevels = -1;
        foreach (var (name, features) in sets)
        {
            foreach (double p in penalties)
            {
                var inner = Cv(rest, features, p, reuseOnly);
                double levels = reuseOnly ? inner.Binary : inner.Levels;
                if (levels > bestLevels + 1e-9)
                {
                    (bestLevels, best) = (levels, (name, features, p));
                }
            }
        }

        chosen[best.Name] = chosen.GetValueOrDefault(best.Name) + 1;
        var model = ReuseLevelModel.Fit([.. rest.Select(a => a.Features)], [.. rest.Select(a => Label(a, reuseOnly))], best.Features, best.Penalty);
        foreach (var a in answers.Where(a => a.Person == person))
        {
            right += model.Classify(a.Features) == a.Level ? 1 : 0;
            rightBinary += model.IsReuse(a.Features) == (a.Level != ReuseLevel.None) ? 1 : 0;
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nested (set and penalty chosen inside each outer fold): reuse vs none {(double)rightBinary / answers.Count:F3}, four levels {(double)right / answers.Count:F3}; chosen {string.Join(", ", chosen.Select(kv => $"{kv.Key} x{kv.Value}"))}"));
}

static CloughStevensonEvaluator.CvFigures Cv(List<CloughStevensonEvaluator.Answer> answers, List<ReuseFeature> features, double penalty, bool reuseOnly = false) =>
    CloughStevensonEvaluator.CrossValidate(answers, train => ReuseLevelModel.Fit([.. train.Select(a => a.Features)], [.. train.Select(a => Label(a, reuseOnly))], features, penalty));

static ReuseLevel Label(CloughStevensonEvaluator.Answer a, bool reuseOnly) => reuseOnly && a.Level != ReuseLevel.None ? ReuseLevel.Cut : a.Level;

static List<string> Sentences(string text) => [.. Regex.Split(text, @"(?<=[.!?])\s+").Where(s => s.Trim().Length > 0)];

static int WordCount(string text) => Regex.Matches(text, @"\w+").Count;

static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
{
    double dot = 0, xx = 0, yy = 0;
    for (int k = 0; k < x.Length; k++)
    {
        dot += x[k] * y[k];
        xx += x[k] * x[k];
        yy += y[k] * y[k];
    }

    return dot / Math.Sqrt((xx * yy) + 1e-12);
}
