using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NearDup.Evaluation;
using NearDup.Evaluation.Synth;
using NearDup.Read;
using NearDup.Semantic;

namespace NearDup.Cli;

/// <summary><c>neardup eval SET</c>: quality on a labelled set, NearDup beside the baselines, as a table or JSON.</summary>
internal static class EvalCommand
{
    /// <summary>The sets, in the order <c>all</c> runs them.</summary>
    public static readonly string[] Sets = ["pan13", "clough-stevenson", "synthetic", "mrpc", "article-extraction", "trafilatura", "ecb-plus"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var set = new Argument<string>("set") { Description = "pan13, clough-stevenson, synthetic, mrpc, article-extraction, trafilatura, ecb-plus or all." };
        set.AcceptOnlyFromAmong([.. Sets, "all"]);
        var data = new Option<string?>("--data") { Description = "The set's folder (default: $NEARDUP_EVAL_DATA/SET if set, else ../shared/eval/SET from the current directory; pan13 is pan13-no-obfuscation). synthetic: a folder with corpus.jsonl and truth.tsv; default: generate." };
        var json = new Option<bool>("--json") { Description = "Also print the figures as one JSON object on the last line." };
        var count = new Option<int>("--count") { Description = "synthetic: documents to generate.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "synthetic: generator seed.", DefaultValueFactory = _ => 1 };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "Score NearDup only." };
        var write = new Option<string?>("--write") { Description = "synthetic: also write the generated corpus (corpus.jsonl, truth.tsv) into this folder." };
        var pairsOut = new Option<string?>("--pairs") { Description = "synthetic: write each method's reported pairs (a<TAB>b) into this folder; mrpc: each pair's scores (mrpc-pairs.tsv: label, cosine, overlap, scorer and cross-encoder probabilities)." };
        var paraphrases = new Option<string?>("--paraphrases") { Description = "synthetic: plant article pairs built from this MRPC folder (rewrites and hard negatives) and score paraphrase recall and precision; turns the semantic stage on." };
        var semantic = new Option<string?>("--semantic") { Description = "synthetic and ecb-plus: NearDup's semantic stage: minilm, static or off (default: ecb-plus minilm; synthetic minilm with --paraphrases, else off)." };
        semantic.AcceptOnlyFromAmong(Presets.SemanticModes);
        var crossEncoder = new Option<string>("--cross-encoder") { Description = "mrpc, synthetic and ecb-plus: the paraphrase cross-encoder: shipped (the weights in the package, fitted on all of MRPC train), off, or a weights file (e.g. a fold's model from tools/NearDup.Train --fold-out, to score pairs it never saw).", DefaultValueFactory = _ => "shipped" };
        var articles = new Option<bool>("--articles") { Description = "mrpc: also relate the articles built from the pairs (as synthetic --paraphrases plants them) and fit the paraphrase support cut by 10-fold cross-validation over articles, with --cross-encoder's cascade when there is one." };
        var verifiedMinSupport = new Option<double?>("--verified-min-support") { Description = "synthetic and ecb-plus: the support cut of the cross-encoder cascade (SemanticOptions.VerifiedMinSupport) instead of the shipped one, e.g. one fitted with eval mrpc --articles on pairs the scored rewrites do not use." };
        var relations = new Option<string>("--relations") { Description = "synthetic: pairs NearDup aligns, tree or all (as neardup scan).", DefaultValueFactory = _ => "tree" };
        relations.AcceptOnlyFromAmong("tree", "all");
        var errors = new Option<int>("--errors") { Description = "Print up to this many examples of each kind of error.", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "synthetic: draw no scan progress on standard error." };
        var fitEarlyStory = new Option<bool>("--fit-early-story") { Description = "ecb-plus: also fit the semantic stage's early same-story share by the same cross-validation (one scan per share tried: about six times longer)." };
        var throughIndex = new Option<bool>("--through-index") { Description = "ecb-plus: also add the documents to an index (in memory, one per setting tried) and score its stories the same way." };
        var indexBatches = new Option<int>("--index-batches") { Description = "ecb-plus with --through-index: add the documents in this many batches of equal size, in truth.tsv order (documents arriving over time; 1: all at once).", DefaultValueFactory = _ => 1 };
        var saveModel = new Option<string?>("--save-model") { Description = "clough-stevenson: write the reuse-level model fitted on these answers to this file (on the visible set, the shipped Models/reuse-level.json)." };
        var command = new Command("eval", "Measure quality on a labelled evaluation set, beside the common baselines.")
        {
            set, data, json, count, seed, noBaselines, errors, write, pairsOut, paraphrases, semantic, quiet, relations, saveModel, fitEarlyStory, crossEncoder, articles, verifiedMinSupport,
            throughIndex, indexBatches,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string name = parse.GetValue(set)!;
            string? dataDir = parse.GetValue(data);
            if (name == "all" && dataDir is not null)
            {
                await Console.Error.WriteLineAsync("neardup eval: --data names one set's folder; run the sets one by one.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (parse.GetValue(count) < 1)
            {
                await Console.Error.WriteLineAsync("neardup eval: --count must be at least 1.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            string? mrpc = parse.GetValue(paraphrases);
            var settings = new Settings(parse.GetValue(count), parse.GetValue(seed), !parse.GetValue(noBaselines), parse.GetValue(errors), parse.GetValue(write), parse.GetValue(pairsOut),
                mrpc, parse.GetValue(semantic) ?? (mrpc is null ? "off" : "minilm"), parse.GetValue(semantic),
                parse.GetValue(relations) == "all" ? NearDup.Pipeline.RelationsMode.All : NearDup.Pipeline.RelationsMode.Tree)
            {
                Quiet = parse.GetValue(quiet), SaveModel = parse.GetValue(saveModel), FitEarlyStory = parse.GetValue(fitEarlyStory), CrossEncoder = parse.GetValue(crossEncoder)!,
                Articles = parse.GetValue(articles), VerifiedMinSupport = parse.GetValue(verifiedMinSupport), ThroughIndex = parse.GetValue(throughIndex),
                IndexBatches = parse.GetValue(indexBatches),
            };
            var all = new JsonObject();
            JsonNode? figures = all;
            int exit = ExitCodes.Ok;
            foreach (string one in name == "all" ? Sets : [name])
            {
                try
                {
                    var node = await RunSetAsync(one, dataDir ?? DefaultData(one), settings, cancellationToken).ConfigureAwait(false);
                    if (name == "all")
                    {
                        all[one] = node;
                    }
                    else
                    {
                        figures = node;
                    }
                }
                catch (Exception e) when (e is NearDupFormatException or IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"neardup eval {one}: {e.Message}").ConfigureAwait(false);
                    exit = ExitCodes.Failed;
                }

                Console.WriteLine();
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(figures?.ToJsonString() ?? "{}");
            }

            return exit;
        });
        return command;
    }

    private sealed record Settings(int Count, long Seed, bool Baselines, int Errors, string? Write, string? Pairs, string? Paraphrases, string Semantic, string? SemanticOption, NearDup.Pipeline.RelationsMode Relations)
    {
        /// <summary>No progress on standard error where the set is scanned (synthetic).</summary>
        public bool Quiet { get; init; }

        /// <summary>clough-stevenson: where to write the reuse-level model fitted on the answers.</summary>
        public string? SaveModel { get; init; }

        /// <summary>ecb-plus: fit the early same-story share too (one scan per share).</summary>
        public bool FitEarlyStory { get; init; }

        /// <summary>The paraphrase cross-encoder: <c>shipped</c>, <c>off</c> or a weights file.</summary>
        public string CrossEncoder { get; init; } = "shipped";

        /// <summary>mrpc: also fit the support cut on the articles built from the pairs.</summary>
        public bool Articles { get; init; }

        /// <summary>The cascade's support cut, when not the shipped one.</summary>
        public double? VerifiedMinSupport { get; init; }

        /// <summary>ecb-plus: score the index's stories too.</summary>
        public bool ThroughIndex { get; init; }

        /// <summary>ecb-plus: batches the index takes the documents in.</summary>
        public int IndexBatches { get; init; } = 1;
    }

    /// <summary>The cross-encoder <c>--cross-encoder</c> names (loaded from a file: the caller disposes it), or null.</summary>
    private static IParaphraseVerifier? CrossEncoderOf(Settings settings, out IDisposable? owned)
    {
        owned = null;
        switch (settings.CrossEncoder)
        {
            case "off":
                return null;
            case "shipped":
                return NearDup.Semantic.MiniLM.MiniLmPresets.CrossEncoder();
            default:
                using (var stream = File.OpenRead(settings.CrossEncoder))
                {
                    var loaded = new NearDup.Semantic.MiniLM.MiniLmCrossEncoder(null, stream);
                    owned = loaded;
                    return loaded;
                }
        }
    }

    // The scan of the eval sets: --semantic's stage with --cross-encoder's verifier (the static and off modes have none).
    private static NearDup.Pipeline.ScanOptions EvalScan(string mode, IParaphraseVerifier? verifier, double? verifiedMinSupport)
    {
        var scan = Presets.WithSemantic(ScanPresets.Lexical, mode, precision: null);
        var relate = verifiedMinSupport is { } cut ? scan.Semantic.Relate with { VerifiedMinSupport = cut } : scan.Semantic.Relate;
        return scan.Semantic.ParaphraseVerifier is null ? scan : scan with { Semantic = scan.Semantic with { ParaphraseVerifier = verifier, Relate = relate } };
    }

    /// <summary>The environment variable naming the folder that holds the sets (one subfolder per set).</summary>
    public const string DataVariable = "NEARDUP_EVAL_DATA";

    /// <summary>
    /// The set's default folder: <c>$NEARDUP_EVAL_DATA/SET</c> if the variable is set, else <c>../shared/eval/SET</c>
    /// relative to the current directory. synthetic has none: it generates its corpus.
    /// </summary>
    internal static string? DefaultData(string set)
    {
        if (set == "synthetic")
        {
            return null;
        }

        string folder = set == "pan13" ? "pan13-no-obfuscation" : set;
        string? root = Environment.GetEnvironmentVariable(DataVariable);
        return Path.GetFullPath(Path.Combine(string.IsNullOrEmpty(root) ? Path.Combine("..", "shared", "eval") : root, folder));
    }

    private static async Task<JsonNode?> RunSetAsync(string set, string? dataDir, Settings settings, CancellationToken cancellationToken)
    {
        Console.WriteLine($"== {set} ==");
        if (dataDir is not null && !Directory.Exists(dataDir))
        {
            throw new IOException($"data folder not found: {Path.GetFullPath(dataDir)} (give the set's folder with --data DIR, or set {DataVariable} to the folder that holds the sets)");
        }

        switch (set)
        {
            case "pan13":
                return Pan(dataDir!, settings);
            case "clough-stevenson":
                return await CloughStevensonAsync(dataDir!, settings, cancellationToken).ConfigureAwait(false);
            case "synthetic":
                return await SyntheticAsync(dataDir, settings, cancellationToken).ConfigureAwait(false);

            case "mrpc":
                return Mrpc(dataDir!, settings);
            case "ecb-plus":
                return await EcbPlusAsync(dataDir!, settings, cancellationToken).ConfigureAwait(false);
            case "article-extraction":
                return Extraction(ArticleExtractionEvaluator.Run(dataDir!, new ExtractionEvaluationOptions { CompareSmartReader = settings.Baselines }));
            case "trafilatura":
                return Extraction(TrafilaturaEvaluator.Run(dataDir!, new ExtractionEvaluationOptions { CompareSmartReader = settings.Baselines }));
            default:
                throw new IOException($"unknown set {set}");
        }
    }

    private static JsonObject Mrpc(string dataDir, Settings settings)
    {
        var encoder = NearDup.Semantic.MiniLM.MiniLmPresets.Transformer();
        var verifier = CrossEncoderOf(settings, out var owned);
        using var ownedVerifier = owned;
        var r = MrpcEvaluator.Run(dataDir, encoder, verifier: verifier);
        Console.WriteLine($"data: {dataDir}  ({r.Pairs} sentence pairs, {r.Elapsed.TotalSeconds:0.0} s, encoder {encoder.Name}, cross-encoder {verifier?.Name ?? "not built"} {r.CrossEncoderSeconds:0.0} s)");
        var rows = new List<string[]>
        {
            new[] { "NearDup ParaphraseScorer p >= 0.5", F(r.NearDup.Accuracy), F(r.NearDup.F1), F(r.NearDup.Precision), F(r.NearDup.Recall) },
        };
        if (r.CrossEncoder is { } cross && r.Cascade is { } cascade)
        {
            // The cross-encoder is fitted on MRPC's train split: on that file its figure is in-sample (CV in docs/EVALUATION.md).
            string note = settings.CrossEncoder == "shipped" && Path.GetFileName(r.DataFile).Contains("train", StringComparison.OrdinalIgnoreCase) ? " (fitted on this file: in-sample)" : string.Empty;
            rows.Add([$"cross-encoder p >= 0.5{note}", F(cross.Accuracy), F(cross.F1), F(cross.Precision), F(cross.Recall)]);
            rows.Add([$"scorer p >= {MrpcEvaluator.CascadeProposalProbability:0.00} then cross-encoder{note}", F(cascade.Accuracy), F(cascade.F1), F(cascade.Precision), F(cascade.Recall)]);
        }
        if (settings.Baselines)
        {
            rows.Add([$"MiniLM cosine >= {MrpcEvaluator.CosineOnlyThreshold:0.00}", F(r.CosineOnly.Accuracy), F(r.CosineOnly.F1), F(r.CosineOnly.Precision), F(r.CosineOnly.Recall)]);
            rows.Add(["word Jaccard >= 0.5 (lexical)", F(r.WordJaccard.Accuracy), F(r.WordJaccard.F1), F(r.WordJaccard.Precision), F(r.WordJaccard.Recall)]);
        }

        Table(["method", "accuracy", "F1", "P", "R"], rows);
        if (settings.Pairs is { } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, "mrpc-pairs.tsv"), [
                "row\tquality\tcosine\tjaccard\tunmatched\tnumbers_differ\tscorer\tcross_encoder",
                .. r.Scores.Select((s, i) => string.Create(Inv, $"{i}\t{(s.Paraphrase ? 1 : 0)}\t{s.Cosine:R}\t{s.Jaccard:R}\t{s.Unmatched:R}\t{(s.NumbersDiffer ? 1 : 0)}\t{s.ScorerProbability:R}\t{s.CrossEncoderProbability:R}"))]);
        }

        JsonObject? articleFigures = null;
        if (settings.Articles)
        {
            var a = MrpcArticleEvaluator.RunAsync(dataDir, encoder, verifier: verifier).GetAwaiter().GetResult();
            var found = a.ParaphraseOrLexical;
            Console.WriteLine(string.Create(Inv, $"articles: {a.Articles} ({(verifier is null ? "encoder alone" : "cross-encoder cascade")}), support cut by 10-fold CV over articles: paraphrase or lexical copy recall {F(found.Recall)}, precision {F(found.Precision)} (tp {found.TruePositives} fp {found.FalsePositives}); cuts per fold {string.Join(' ', a.FoldThresholds.Select(t => t.ToString("0.###", Inv)))}; fitted on all {a.FittedOnAll:0.###}"));
            articleFigures = new JsonObject
            {
                ["articles"] = a.Articles, ["recall"] = R(found.Recall), ["precision"] = R(found.Precision), ["fitted_min_support"] = R(a.FittedOnAll),
            };
        }

        return new JsonObject
        {
            ["articles"] = articleFigures,
            ["pairs"] = r.Pairs, ["accuracy"] = R(r.NearDup.Accuracy), ["f1"] = R(r.NearDup.F1),
            ["cosine_only_accuracy"] = R(r.CosineOnly.Accuracy), ["word_jaccard_accuracy"] = R(r.WordJaccard.Accuracy),
            ["cross_encoder_accuracy"] = r.CrossEncoder is { } c ? R(c.Accuracy) : null, ["cross_encoder_f1"] = r.CrossEncoder is { } c1 ? R(c1.F1) : null,
            ["cascade_accuracy"] = r.Cascade is { } k ? R(k.Accuracy) : null, ["cascade_f1"] = r.Cascade is { } k1 ? R(k1.F1) : null,
            ["cross_encoder_seconds"] = R(r.CrossEncoderSeconds),
            ["seconds"] = R(r.Elapsed.TotalSeconds),
        };
    }

    // The real scan with the CLI's defaults (MiniLM semantic stage), then story groups scored, thresholds cross-validated.
    private static async Task<JsonObject> EcbPlusAsync(string dataDir, Settings settings, CancellationToken cancellationToken)
    {
        string mode = settings.SemanticOption ?? "minilm";
        var verifier = CrossEncoderOf(settings, out var owned);
        using var ownedVerifier = owned;
        var scan = EvalScan(mode, verifier, settings.VerifiedMinSupport);
        var r = await EcbPlusEvaluator.RunAsync(dataDir, scan, earlyStoryShares: settings.FitEarlyStory ? EcbPlusEvaluator.EarlyStoryShares : null, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(Inv, $"data: {dataDir}  ({r.Documents} documents, {r.Stories} stories, {r.Topics} topics, {r.Folds} leave-topics-out folds, {r.Elapsed.TotalSeconds:0.0} s; scan {r.Stats.Total.TotalSeconds:0.0} s, semantic {mode})"));
        var rows = settings.Baselines ? r.Rows : [.. r.Rows.Where(x => !x.Method.StartsWith("tf-idf", StringComparison.Ordinal))];
        if (settings.ThroughIndex)
        {
            rows = [.. rows, .. await EcbPlusEvaluator.RunIndexAsync(dataDir, NearDup.Index.IndexOptions.From(scan), r.Folds, settings.IndexBatches, cancellationToken).ConfigureAwait(false)];
        }

        Table(["method", "pair P", "pair R", "pair F1", "B3 P", "B3 R", "B3 F1", "groups", "fitted per fold (cut/vector weight/weak link[/early story share])"],
            [.. rows.Select(x => new[]
            {
                x.Method, F(x.Pairs.PairPrecision), F(x.Pairs.PairRecall), F(x.Pairs.PairF1), F(x.BCubed.Precision), F(x.BCubed.Recall), F(x.BCubed.F1),
                x.Groups.ToString(Inv), string.Join(" ", x.Fitted.Select(s => string.Create(Inv, $"{s.Threshold:0.###}/{s.VectorWeight:0.##}/{s.WeakLink:0.##}{(s.EarlyStoryMinShare is { } e ? $"/{e:0.##}" : "")}"))),
            })]);
        var methods = new JsonObject();
        foreach (var x in rows)
        {
            methods[x.Method] = new JsonObject
            {
                ["pair_precision"] = R(x.Pairs.PairPrecision), ["pair_recall"] = R(x.Pairs.PairRecall), ["pair_f1"] = R(x.Pairs.PairF1),
                ["bcubed_precision"] = R(x.BCubed.Precision), ["bcubed_recall"] = R(x.BCubed.Recall), ["bcubed_f1"] = R(x.BCubed.F1),
                ["groups"] = x.Groups,
                ["fitted"] = new JsonArray([.. x.Fitted.Select(f => (JsonNode)new JsonObject
                {
                    ["cut"] = f.Threshold, ["vector_weight"] = f.VectorWeight, ["weak_link"] = f.WeakLink, ["early_story_share"] = f.EarlyStoryMinShare,
                })]),
            };
        }

        return new JsonObject { ["documents"] = r.Documents, ["stories"] = r.Stories, ["topics"] = r.Topics, ["methods"] = methods, ["seconds"] = R(r.Elapsed.TotalSeconds) };
    }

    private static JsonObject Extraction(ExtractionEvaluationResult r)
    {
        Console.WriteLine($"data: {r.DataDirectory}  ({r.Pages} pages, {r.Elapsed.TotalSeconds:0.0} s)");
        var scores = r.SmartReader is null ? new[] { r.NearDup } : new[] { r.NearDup, r.SmartReader };
        Table(["extractor", "precision", "recall", "F1", "empty pages", "s"],
            [.. scores.Select(x => new[] { x.Extractor, F(x.Precision), F(x.Recall), F(x.F1), x.EmptyPages.ToString(Inv), x.Time.TotalSeconds.ToString("0.0", Inv) })]);
        var json = new JsonObject
        {
            ["pages"] = r.Pages, ["precision"] = R(r.NearDup.Precision), ["recall"] = R(r.NearDup.Recall), ["f1"] = R(r.NearDup.F1),
            ["seconds"] = R(r.Elapsed.TotalSeconds),
        };
        if (r.SmartReader is { } sr)
        {
            json["smartreader_f1"] = R(sr.F1);
        }

        return json;
    }

    private static JsonObject Pan(string dataDir, Settings settings)
    {
        var r = PanEvaluator.Run(dataDir);
        var s = r.Scores;
        Console.WriteLine($"data: {dataDir}  ({r.Pairs} pairs, {s.Cases} cases, {s.Detections} detections, {r.Elapsed.TotalSeconds:0.0} s)");
        Table(["method", "char P", "char R", "granularity", "plagdet", "case recall"],
            [["NearDup align", F(s.Precision), F(s.Recall), F(s.Granularity), F(s.PlagDet), F(s.CaseRecall)]]);
        Console.WriteLine($"missed cases: {r.Missed.Count}; detections touching no case: {r.FalseDetections.Count}, of which copies the labels lack: {r.UnlabelledCopies.Count}");
        var c = r.ScoresWithUnlabelledCopies;
        Console.WriteLine($"with those copies counted as cases (diagnostic): char P {F(c.Precision)}, char R {F(c.Recall)}");
        foreach (var d in r.FalseDetections.Take(settings.Errors))
        {
            string kind = r.UnlabelledCopies.Contains(d) ? "unlabelled copy" : "false";
            Console.WriteLine($"  {kind}: {d.Suspicious} {d.SuspiciousSpan} ~ {d.Source} {d.SourceSpan}");
        }

        foreach (var m in r.Missed.Take(settings.Errors))
        {
            Console.WriteLine($"  missed: {m.Suspicious} {m.SuspiciousSpan} ~ {m.Source} {m.SourceSpan}");
        }

        return new JsonObject
        {
            ["pairs"] = r.Pairs, ["cases"] = s.Cases, ["detections"] = s.Detections,
            ["char_precision"] = R(s.Precision), ["char_recall"] = R(s.Recall), ["granularity"] = R(s.Granularity),
            ["plagdet"] = R(s.PlagDet), ["case_recall"] = R(s.CaseRecall), ["false_detections"] = r.FalseDetections.Count,
            ["unlabelled_copies"] = r.UnlabelledCopies.Count, ["char_precision_with_unlabelled_copies"] = R(c.Precision),
            ["seconds"] = R(r.Elapsed.TotalSeconds),
        };
    }

    private static async Task<JsonObject> CloughStevensonAsync(string dataDir, Settings settings, CancellationToken cancellationToken)
    {
        var r = await CloughStevensonEvaluator.RunAsync(dataDir, baselines: settings.Baselines, cancellationToken: cancellationToken).ConfigureAwait(false);
        var c = r.Classifier;
        Console.WriteLine($"data: {dataDir}  ({r.Answers.Count} answers, {r.Elapsed.TotalSeconds:0.0} s)");
        Console.WriteLine(string.Create(Inv, $"classifier (defaults): reuse when {c.ReuseFeature} ≥ {c.ReuseThreshold:0.####}; level on {c.LevelFeature}: light ≥ {c.LightThreshold:0.####}, cut ≥ {c.CutThreshold:0.####}"));
        var f = r.FittedOnAll;
        Console.WriteLine(string.Create(Inv, $"refitted on these answers: reuse when {f.ReuseFeature} ≥ {f.ReuseThreshold:0.####}; level on {f.LevelFeature}: light ≥ {f.LightThreshold:0.####}, cut ≥ {f.CutThreshold:0.####}"));
        Console.WriteLine($"model (shipped): logistic regression over {string.Join(", ", r.Model.Features)}");
        if (settings.SaveModel is not null)
        {
            await File.WriteAllTextAsync(settings.SaveModel, CloughStevensonEvaluator.FitModel(r.Answers).ToJson() + "\n", cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"wrote the model fitted on these answers to {settings.SaveModel}");
        }

        var rows = new List<string[]>
        {
            new[] { "NearDup model, leave-one-person-out CV", F(r.ModelCv.Binary), F(r.ModelCv.Levels) },
            new[] { "NearDup model, shipped (resubstitution)", F(r.ModelBinaryAccuracy), F(r.ModelLevelAccuracy) },
            new[] { "previous rule (one feature), leave-one-person-out CV", F(r.CvBinaryAccuracy), F(r.CvLevelAccuracy) },
            new[] { "previous rule, defaults (resubstitution)", F(r.BinaryAccuracy), F(r.LevelAccuracy) },
        };
        foreach (var b in r.Baselines)
        {
            rows.Add([b.Method + " (pair level)", F(b.Counts.Accuracy), "-"]);
        }

        Table(["method", "reuse vs none acc", "4-level acc"], rows);
        Console.WriteLine("Spearman with level order (none < heavy < light < cut): " +
            string.Join(", ", r.Spearman.Select(kv => $"{kv.Key} {F(kv.Value)}")));
        Console.WriteLine("model CV confusion (rows truth none/heavy/light/cut, columns predicted):");
        var confusion = r.ModelCv.Confusion;
        for (int i = 0; i < 4; i++)
        {
            Console.WriteLine($"  {(ReuseLevel)i,-6} {confusion[i, 0],3} {confusion[i, 1],3} {confusion[i, 2],3} {confusion[i, 3],3}");
        }

        foreach (var e in r.ModelCv.BinaryErrors.Take(settings.Errors))
        {
            Console.WriteLine($"  reuse-vs-none error: {e.File} ({e.Level}) {e.Features}");
        }

        var baselines = new JsonObject();
        foreach (var b in r.Baselines)
        {
            baselines[b.Method] = new JsonObject
            {
                ["accuracy"] = R(b.Counts.Accuracy), ["precision"] = R(b.Counts.Precision), ["recall"] = R(b.Counts.Recall),
            };
        }

        var spearman = new JsonObject();
        foreach (var kv in r.Spearman)
        {
            spearman[kv.Key.ToString()] = R(kv.Value);
        }

        return new JsonObject
        {
            ["answers"] = r.Answers.Count,
            ["cv_binary_accuracy"] = R(r.ModelCv.Binary), ["cv_level_accuracy"] = R(r.ModelCv.Levels),
            ["binary_accuracy"] = R(r.ModelBinaryAccuracy), ["level_accuracy"] = R(r.ModelLevelAccuracy),
            ["previous_rule"] = new JsonObject
            {
                ["cv_binary_accuracy"] = R(r.CvBinaryAccuracy), ["cv_level_accuracy"] = R(r.CvLevelAccuracy),
                ["binary_accuracy"] = R(r.BinaryAccuracy), ["level_accuracy"] = R(r.LevelAccuracy),
            },
            ["spearman"] = spearman, ["baselines"] = baselines,
        };
    }

    private static async Task<JsonObject> SyntheticAsync(string? dataDir, Settings settings, CancellationToken cancellationToken)
    {
        var synth = new SynthOptions { Count = settings.Count, Seed = settings.Seed, Paraphrases = SynthCommand.PlantedArticles(settings.Paraphrases) };
        synth.Validate();
        using var progress = ProgressRenderer.ForStandardError(settings.Quiet);
        var verifier = CrossEncoderOf(settings, out var owned);
        using var ownedVerifier = owned;
        var scan = EvalScan(settings.Semantic, verifier, settings.VerifiedMinSupport) with { Progress = progress, Relations = settings.Relations };
        Console.WriteLine($"paraphrase cross-encoder: {scan.Semantic.ParaphraseVerifier?.Name ?? "none"} ({settings.CrossEncoder})");
        if (dataDir is null && settings.Write is not null)
        {
            await SyntheticCorpus.WriteAsync(settings.Write, synth, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"wrote {Path.Combine(settings.Write, "corpus.jsonl")} and truth.tsv");
        }

        var r = dataDir is null
            ? await SyntheticEvaluator.RunAsync(synth, settings.Baselines, scan, cancellationToken).ConfigureAwait(false)
            : await SyntheticEvaluator.RunAsync(dataDir, settings.Baselines, scan, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"corpus: {r.Corpus}  ({r.Documents} documents, {r.TruthPairs} truth pairs)");
        var kinds = r.Rows[0].Score.PerKind.Select(k => TruthPair.KindName(k.Kind)).ToList();
        var rows = new List<string[]>();
        foreach (var row in r.Rows)
        {
            var cells = new List<string> { row.Method, F(row.Score.Precision), F(row.Score.Recall), F(row.Score.F1), row.Elapsed.TotalSeconds.ToString("0.0", Inv), row.Candidates.ToString(Inv) };
            cells.AddRange(row.Score.PerKind.Select(k => F(k.Recall)));
            rows.Add([.. cells]);
        }

        Table(["method", "P", "R", "F1", "s", "candidates", .. kinds], rows);
        foreach (var row in r.Rows)
        {
            var st = row.Stats;
            Console.WriteLine(string.Create(Inv, $"  {row.Method}: read+fingerprint {st.Fingerprint.TotalSeconds:0.0} s, candidates {st.FindCandidates.TotalSeconds:0.0} s, verify {st.Verify.TotalSeconds:0.0} s, semantic {st.Semantic.TotalSeconds:0.0} s ({st.SemanticCandidates} candidates), group {st.Group.TotalSeconds:0.0} s, peak working set {st.PeakWorkingSet >> 20} MB"));
        }

        var planted = new JsonObject();
        foreach (var row in r.Rows)
        {
            if (row.Paraphrase is { } p)
            {
                Console.WriteLine(string.Create(Inv, $"  {row.Method}: planted rewrites {p.Paraphrase.TruePositives + p.Paraphrase.FalseNegatives}, hard negatives {p.Paraphrase.FalsePositives + p.Paraphrase.TrueNegatives}"));
                Console.WriteLine(string.Create(Inv, $"    paraphrase: recall {F(p.Paraphrase.Recall)}, precision vs hard negatives {F(p.Paraphrase.Precision)} (tp {p.Paraphrase.TruePositives} fp {p.Paraphrase.FalsePositives})"));
                Console.WriteLine(string.Create(Inv, $"    paraphrase or lexical copy: recall {F(p.ParaphraseOrLexical.Recall)}, precision vs hard negatives {F(p.ParaphraseOrLexical.Precision)} (tp {p.ParaphraseOrLexical.TruePositives} fp {p.ParaphraseOrLexical.FalsePositives})"));
                Console.WriteLine(string.Create(Inv, $"    all paraphrase relations: {p.ParaphraseRelations} ({p.ParaphraseOnOtherReuse} on planted reuse of another kind, {p.ParaphraseUnrelated} on unrelated pairs)"));
                planted[row.Method] = new JsonObject
                {
                    ["paraphrase_recall"] = R(p.Paraphrase.Recall), ["paraphrase_precision"] = R(p.Paraphrase.Precision),
                    ["either_recall"] = R(p.ParaphraseOrLexical.Recall), ["either_precision"] = R(p.ParaphraseOrLexical.Precision),
                    ["paraphrase_relations"] = p.ParaphraseRelations, ["paraphrase_unrelated"] = p.ParaphraseUnrelated,
                };
            }
        }

        if (settings.Pairs is not null)
        {
            Directory.CreateDirectory(settings.Pairs);
            foreach (var row in r.Rows)
            {
                string file = Path.Combine(settings.Pairs, row.Method.Replace(' ', '_').Replace('=', '_') + ".tsv");
                await File.WriteAllLinesAsync(file, row.Pairs.Select(p => string.CompareOrdinal(p.A, p.B) <= 0 ? $"{p.A}\t{p.B}" : $"{p.B}\t{p.A}"), cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"pairs written to {settings.Pairs}");
        }

        var methods = new JsonObject();
        foreach (var row in r.Rows)
        {
            var perKind = new JsonObject();
            foreach (var k in row.Score.PerKind)
            {
                perKind[TruthPair.KindName(k.Kind)] = R(k.Recall);
            }

            methods[row.Method] = new JsonObject
            {
                ["precision"] = R(row.Score.Precision), ["recall"] = R(row.Score.Recall), ["f1"] = R(row.Score.F1),
                ["true_positives"] = row.Score.TruePositives, ["false_positives"] = row.Score.FalsePositives,
                ["false_negatives"] = row.Score.FalseNegatives, ["candidates"] = row.Candidates, ["seconds"] = R(row.Elapsed.TotalSeconds), ["recall_by_kind"] = perKind,
            };
        }

        var json = new JsonObject { ["documents"] = r.Documents, ["truth_pairs"] = r.TruthPairs, ["methods"] = methods };
        if (planted.Count > 0)
        {
            json["planted_paraphrases"] = planted;
        }

        return json;
    }

    private static string F(double value) => value.ToString("0.000", Inv);

    private static double R(double value) => Math.Round(value, 4);

    private static void Table(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (int i = 0; i < row.Length && i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows.Prepend(header))
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }
    }
}
