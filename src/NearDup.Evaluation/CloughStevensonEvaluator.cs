using System.Diagnostics;
using NearDup.Align;
using NearDup.Candidates;
using NearDup.Pipeline;
using NearDup.Read;

namespace NearDup.Evaluation;

/// <summary>
/// Clough and Stevenson's corpus of short answers (a directory laid out as <c>clough-stevenson/</c>:
/// <c>labels.csv</c>, <c>answers/</c>, <c>sources/orig_taskX.txt</c>): each answer is measured against its task's
/// source (<see cref="ReuseFeatures"/>) and classified by the shipped <see cref="ReuseLevelModel"/>, beside the
/// single-feature <see cref="ReuseLevelClassifier"/> it replaced; both fitting procedures are scored by
/// leave-one-person-out cross-validation. Beside it, at pair level: <c>neardup scan</c> (any relation
/// between answer and source means reuse) and MinHash-LSH candidates at the usual thresholds.
/// </summary>
public static class CloughStevensonEvaluator
{
    private const string Set = "clough-stevenson";

    /// <summary>One labelled answer.</summary>
    public sealed record Answer(string File, string Person, string Task, ReuseLevel Level, ReuseFeatures Features);

    /// <summary>A pair-level method: its name and its reuse-vs-none counts.</summary>
    public sealed record Baseline(string Method, BinaryCounts Counts);

    /// <summary>Leave-one-person-out figures of one fitting procedure.</summary>
    /// <param name="Binary">Reuse vs none accuracy.</param>
    /// <param name="Levels">Four-level accuracy.</param>
    /// <param name="Confusion">Counts by true level (rows) and predicted level (columns).</param>
    /// <param name="BinaryErrors">The answers whose reuse-vs-none call was wrong.</param>
    public sealed record CvFigures(double Binary, double Levels, int[,] Confusion, IReadOnlyList<Answer> BinaryErrors);

    /// <summary>The figures of one run.</summary>
    /// <param name="BinaryAccuracy">Reuse vs none with <see cref="Classifier"/> (resubstitution when it is the default fitted here).</param>
    /// <param name="LevelAccuracy">The four levels with <see cref="Classifier"/>.</param>
    /// <param name="CvBinaryAccuracy">Reuse vs none, leave-one-person-out: the fitting procedure's honest figure.</param>
    /// <param name="CvLevelAccuracy">The four levels, leave-one-person-out.</param>
    /// <param name="FittedOnAll">What <see cref="ReuseLevelClassifier.Fit"/> makes of all the answers given: on the visible
    /// set, <see cref="ReuseLevelClassifier.Default"/>.</param>
    /// <param name="Spearman">Rank correlation of each feature with the level order (none &lt; heavy &lt; light &lt; cut).</param>
    /// <param name="Model">The model scored: <see cref="ReuseLevelModel.Default"/> unless given.</param>
    /// <param name="ModelBinaryAccuracy">Reuse vs none with <see cref="Model"/> (resubstitution for the default).</param>
    /// <param name="ModelLevelAccuracy">The four levels with <see cref="Model"/>.</param>
    /// <param name="ModelCv">The model's fitting procedure (<see cref="ReuseLevelModel.Fit"/> with its defaults), leave-one-person-out.</param>
    public sealed record Result(
        IReadOnlyList<Answer> Answers,
        ReuseLevelClassifier Classifier,
        double BinaryAccuracy,
        double LevelAccuracy,
        double CvBinaryAccuracy,
        double CvLevelAccuracy,
        int[,] CvConfusion,
        IReadOnlyDictionary<ReuseFeature, double> Spearman,
        IReadOnlyList<Baseline> Baselines,
        IReadOnlyList<Answer> CvBinaryErrors,
        ReuseLevelClassifier FittedOnAll,
        TimeSpan Elapsed,
        ReuseLevelModel Model,
        double ModelBinaryAccuracy,
        double ModelLevelAccuracy,
        CvFigures ModelCv);

    /// <summary>MinHash-LSH thresholds run as baselines.</summary>
    public static IReadOnlyList<double> LshThresholds { get; } = [0.5, 0.8, 0.9];

    /// <exception cref="NearDupFormatException">A file of the set is missing or a line is malformed.</exception>
    public static async Task<Result> RunAsync(
        string dataDir, ReuseLevelClassifier? classifier = null, bool baselines = true, ReuseLevelModel? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        classifier ??= ReuseLevelClassifier.Default;
        model ??= ReuseLevelModel.Default;
        var watch = Stopwatch.StartNew();
        var rows = ReadLabels(EvalData.RequireFile(dataDir, Set, "labels.csv"));
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var aligner = new Aligner();
        var answers = new List<Answer>(rows.Count);
        var texts = new List<string>(rows.Count);
        foreach (var (file, person, task, level) in rows)
        {
            if (!sources.TryGetValue(task, out string? source))
            {
                source = File.ReadAllText(EvalData.RequireFile(dataDir, Set, "sources", $"orig_task{task}.txt"));
                sources[task] = source;
            }

            string text = File.ReadAllText(EvalData.RequireFile(dataDir, Set, "answers", file));
            texts.Add(text);
            answers.Add(new Answer(file, person, task, level, ReuseFeatures.Compute(text, source, aligner)));
        }

        var (binaryAccuracy, levelAccuracy) = Score(classifier, answers);
        var (modelBinary, modelLevel) = Score(model, answers);
        var (cvBinary, cvLevel, confusion, errors) = CrossValidate(answers);
        var modelCv = CrossValidate(answers, train => ReuseLevelModel.Fit(train.Select(a => a.Features).ToList(), train.Select(a => a.Level).ToList()));
        var fitted = ReuseLevelClassifier.Fit(answers.Select(a => a.Features).ToList(), answers.Select(a => a.Level).ToList());
        var spearman = new Dictionary<ReuseFeature, double>();
        var order = answers.Select(a => (double)a.Level).ToList();
        foreach (var f in Enum.GetValues<ReuseFeature>())
        {
            spearman[f] = Metrics.Spearman(answers.Select(a => a.Features[f]).ToList(), order);
        }

        var baselineRows = baselines ? await PairBaselinesAsync(answers, texts, sources, cancellationToken).ConfigureAwait(false) : [];
        return new Result(answers, classifier, binaryAccuracy, levelAccuracy, cvBinary, cvLevel, confusion, spearman, baselineRows, errors, fitted, watch.Elapsed,
            model, modelBinary, modelLevel, modelCv);
    }

    /// <summary>The model <see cref="ReuseLevelModel.Fit"/> makes of all the answers: the shipped model, fitted on the visible set.</summary>
    public static ReuseLevelModel FitModel(IReadOnlyList<Answer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return ReuseLevelModel.Fit(answers.Select(a => a.Features).ToList(), answers.Select(a => a.Level).ToList());
    }

    /// <summary>Leave-one-person-out for the threshold rule: fit on everyone else's answers, classify the person's own.</summary>
    public static (double Binary, double Levels, int[,] Confusion, IReadOnlyList<Answer> BinaryErrors) CrossValidate(IReadOnlyList<Answer> answers)
    {
        var cv = CrossValidate(answers, train => ReuseLevelClassifier.Fit(train.Select(a => a.Features).ToList(), train.Select(a => a.Level).ToList()));
        return (cv.Binary, cv.Levels, cv.Confusion, cv.BinaryErrors);
    }

    /// <summary>Leave-one-person-out for any fitting procedure: fit on everyone else's answers, classify the person's own.</summary>
    public static CvFigures CrossValidate(IReadOnlyList<Answer> answers, Func<IReadOnlyList<Answer>, IReuseRule> fit)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(fit);
        int binary = 0, levels = 0;
        var confusion = new int[4, 4];
        var errors = new List<Answer>();
        foreach (string person in answers.Select(a => a.Person).Distinct(StringComparer.Ordinal))
        {
            var model = fit(answers.Where(a => a.Person != person).ToList());
            foreach (var a in answers.Where(a => a.Person == person))
            {
                bool rightBinary = model.IsReuse(a.Features) == (a.Level != ReuseLevel.None);
                binary += rightBinary ? 1 : 0;
                if (!rightBinary)
                {
                    errors.Add(a);
                }

                var predicted = model.Classify(a.Features);
                levels += predicted == a.Level ? 1 : 0;
                confusion[(int)a.Level, (int)predicted]++;
            }
        }

        int n = Math.Max(1, answers.Count);
        return new CvFigures((double)binary / n, (double)levels / n, confusion, errors);
    }

    private static (double Binary, double Levels) Score(IReuseRule rule, List<Answer> answers)
    {
        int binary = 0, levels = 0;
        foreach (var a in answers)
        {
            binary += rule.IsReuse(a.Features) == (a.Level != ReuseLevel.None) ? 1 : 0;
            levels += rule.Classify(a.Features) == a.Level ? 1 : 0;
        }

        int n = Math.Max(1, answers.Count);
        return ((double)binary / n, (double)levels / n);
    }

    // The answers and the sources as one corpus, scanned as a user would: is the answer paired with its source?
    private static async Task<List<Baseline>> PairBaselinesAsync(
        List<Answer> answers, List<string> texts, Dictionary<string, string> sources, CancellationToken cancellationToken)
    {
        var docs = new List<Document>();
        for (int i = 0; i < answers.Count; i++)
        {
            docs.Add(new Document(answers[i].File, texts[i]));
        }

        foreach (var (task, text) in sources)
        {
            docs.Add(new Document("orig_task" + task, text));
        }

        var list = new List<Baseline>
        {
            // Every pair (--relations all): the tree reports a copy family through its nearest members, not each answer with its source.
            new("NearDup scan (any relation, --relations all)", await ScanCountsAsync(new ScanOptions { Relations = RelationsMode.All }, docs, answers, cancellationToken).ConfigureAwait(false)),
        };
        foreach (double t in LshThresholds)
        {
            var options = new ScanOptions
            {
                CandidatesOnly = true,
                Candidates = new CandidateOptions { LshThreshold = t, Sources = CandidateSource.MinHash },
            };
            list.Add(new(FormattableString.Invariant($"MinHash-LSH t={t:0.0}"), await ScanCountsAsync(options, docs, answers, cancellationToken).ConfigureAwait(false)));
        }

        return list;
    }

    private static async Task<BinaryCounts> ScanCountsAsync(ScanOptions options, List<Document> docs, List<Answer> answers, CancellationToken cancellationToken)
    {
        using var result = await new ScanPipeline(options).RunAsync(new MemoryReader(docs), new InputProblems(), cancellationToken).ConfigureAwait(false);
        var pairs = new HashSet<(string, string)>();
        foreach (var r in result.Relations)
        {
            pairs.Add((result.Documents[r.A].Id, result.Documents[r.B].Id));
            pairs.Add((result.Documents[r.B].Id, result.Documents[r.A].Id));
        }

        var counts = default(BinaryCounts);
        foreach (var a in answers)
        {
            counts = counts.Add(pairs.Contains((a.File, "orig_task" + a.Task)), a.Level != ReuseLevel.None);
        }

        return counts;
    }

    /// <summary>Reads <c>labels.csv</c>: File, Group, Person, Task, Category, ...; the person is group and letter.</summary>
    public static List<(string File, string Person, string Task, ReuseLevel Level)> ReadLabels(string path)
    {
        var rows = new List<(string, string, string, ReuseLevel)>();
        long line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
            {
                continue;
            }

            string[] f = text.Split(',');
            if (f.Length < 5 || f[0].IndexOfAny(['/', '\\']) >= 0 || f[3].IndexOfAny(['/', '\\', '.']) >= 0 || f[3].Length == 0)
            {
                throw EvalData.Bad(path, line, "expected File, Group, Person, Task, Category, ...");
            }

            ReuseLevel level = f[4].Trim() switch
            {
                "non" => ReuseLevel.None,
                "heavy" => ReuseLevel.Heavy,
                "light" => ReuseLevel.Light,
                "cut" => ReuseLevel.Cut,
                _ => throw EvalData.Bad(path, line, $"unknown Category '{f[4]}': expected non, heavy, light or cut"),
            };
            rows.Add((f[0].Trim(), "g" + f[1].Trim() + "p" + f[2].Trim(), f[3].Trim(), level));
        }

        return rows;
    }
}
