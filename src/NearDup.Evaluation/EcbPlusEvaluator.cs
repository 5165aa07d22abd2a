using System.Diagnostics;
using System.Globalization;
using NearDup.Group;
using NearDup.Index;
using NearDup.Pipeline;
using NearDup.Read;

namespace NearDup.Evaluation;

/// <summary>
/// ECB+ story groups (a directory laid out as <c>ecb-plus/</c>: <c>truth.tsv</c>, <c>meta.tsv</c>, <c>docs/</c>):
/// the real scan runs over the articles, then its stories are scored against the labelled events, beside tf-idf
/// average-link clustering. Every threshold is fitted by leave-topics-out cross-validation (a topic holds a story
/// and its decoy, so it never straddles train and test): the held-out figures are the honest ones.
/// </summary>
public static class EcbPlusEvaluator
{
    private const string Set = "ecb-plus";

    /// <summary>One configuration tried in cross-validation: the grouping's settings and, when the scan has a
    /// semantic stage, its <see cref="SemanticScanOptions.EarlyStoryMinShare"/> (null without one).</summary>
    public sealed record Setting(double Threshold, double VectorWeight, double WeakLink, double? EarlyStoryMinShare = null);

    /// <summary>A method's figures over all documents.</summary>
    /// <param name="Fitted">The setting chosen in each fold, in fold order.</param>
    public sealed record Row(string Method, ClusterMetrics Pairs, BCubedMetrics BCubed, int Groups, IReadOnlyList<Setting> Fitted);

    /// <summary>The figures of one run.</summary>
    /// <param name="Rows">Held-out rows (cross-validated): NearDup, tf-idf average link over all pairs (words alike, no
    /// relations), NearDup with words alike; then the scan's own stories with its default options (the defaults were
    /// fitted on these data: not a held-out figure).</param>
    public sealed record Result(int Documents, int Topics, int Stories, int Folds, IReadOnlyList<Row> Rows, ScanStats Stats, TimeSpan Elapsed);

    /// <summary>Average-link cuts tried.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = [0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35, 0.4];

    /// <summary>Document-vector weights tried (only when the scan computed document vectors).</summary>
    public static IReadOnlyList<double> VectorWeights { get; } = [0, 0.25, 0.5];

    /// <summary>Weak-link similarities (same_story, substantial partial) tried.</summary>
    public static IReadOnlyList<double> WeakLinks { get; } = [0, 0.05, 0.1, 0.2, 0.5];

    /// <summary>
    /// Shares of the shorter document's sentences that must state the same facts for a same-story check before
    /// grouping, the grid `neardup eval ecb-plus --fit-early-story` tries (one scan each). Cheapest first, so that where the training
    /// folds cannot tell two shares apart the one that verifies fewer pairs wins. Not under 0.3: below that,
    /// documents that mix sentences of the same weeks of news pass by chance and the reuse-dense scan slows many
    /// times over.
    /// </summary>
    public static IReadOnlyList<double> EarlyStoryShares { get; } = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3];

    /// <param name="scan">The scan's options (the CLI passes its defaults: MiniLM semantic stage).</param>
    /// <param name="topics">Topics to use (null: all).</param>
    /// <param name="folds">Cross-validation folds; topics are dealt to them in order.</param>
    /// <param name="earlyStoryShares">With a semantic stage: also scan at each of these early same-story shares
    /// (<see cref="SemanticScanOptions.EarlyStoryMinShare"/>, e.g. <see cref="EarlyStoryShares"/>) and fit the share by
    /// the same cross-validation (rows added); null: only the scan's own share.</param>
    /// <exception cref="NearDupFormatException">A file of the set is missing or a line is malformed.</exception>
    public static async Task<Result> RunAsync(string dataDir, ScanOptions scan, IReadOnlySet<string>? topics = null, int folds = 3, IReadOnlyList<double>? earlyStoryShares = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var watch = Stopwatch.StartNew();
        var (documents, storyNames, topicNames) = await ReadAsync(dataDir, topics, cancellationToken).ConfigureAwait(false);
        var storyLabels = Labels(storyNames);
        var (fold, topicCount) = Folds(topicNames, ref folds);

        // NearDup: the scan's relations and evidence, regrouped at each setting; with a semantic stage, one scan per
        // early same-story share, whose relations the grouping takes.
        double? own = scan.Semantic.Enabled ? scan.Semantic.EarlyStoryMinShare : null;
        double?[] shares = scan.Semantic.Enabled && earlyStoryShares is { Count: > 0 }
            ? [.. earlyStoryShares.Select(x => (double?)x).Append(own).Distinct()]
            : [own];
        var settings = new List<Setting>();
        var nearDup = new List<int[]>();
        ScanResult? ownRun = null;
        foreach (double? share in shares)
        {
            var options = share is { } v ? scan with { Semantic = scan.Semantic with { EarlyStoryMinShare = v } } : scan;
            var run = await new ScanPipeline(options).RunAsync(new MemoryReader(documents), new InputProblems(), cancellationToken, keepEvidence: true).ConfigureAwait(false);
            var weights = run.Evidence.Vectors is null ? [0.0] : VectorWeights;
            var runSettings = Thresholds.SelectMany(t => weights.SelectMany(w => WeakLinks.Select(l => new Setting(t, w, l, share)))).ToList();
            int count = run.Documents.Count;
            var runTokens = run.Documents.Select(d => d.Tokens).ToArray();
            var runPublished = run.Documents.Select(d => d.Published).ToArray();
            nearDup.AddRange(runSettings.Select(x => Group(scan.Group with { Threshold = x.Threshold, VectorWeight = x.VectorWeight, WeakLinkSimilarity = x.WeakLink }, count, run, runTokens, runPublished, run.Evidence)));
            settings.AddRange(runSettings);

            // The baselines, the ablation and the defaults row read the scan with the shipped share.
            if (share == own)
            {
                ownRun = run;
            }
            else
            {
                run.Dispose();
            }
        }

        using var result = ownRun ?? throw new InvalidOperationException("the scan with the shipped share did not run");
        int n = result.Documents.Count;
        var tokens = result.Documents.Select(d => d.Tokens).ToArray();
        var published = result.Documents.Select(d => d.Published).ToArray();
        var evidence = result.Evidence;
        var ownIndex = Enumerable.Range(0, settings.Count).Where(i => settings[i].EarlyStoryMinShare == own).ToList();
        var shipped = ownIndex.ConvertAll(i => settings[i]);

        // Baseline: plain tf-idf (log tf × idf, words alike), average link, no relations.
        var plain = new TermVectorBuilder(n, nameBoost: 0);
        for (int d = 0; d < n; d++)
        {
            plain.Add(d, result.Text(d));
        }

        var plainEvidence = new StoryEvidence(plain.Build());
        var baselineSettings = Thresholds.Select(t => new Setting(t, 0, 0)).ToList();
        var allPairs = new GroupOptions { IncludeSingletons = true, Neighbours = Math.Max(1, n), MinSimilarity = 0, MinFullCosine = 0 };
        var baseline = baselineSettings.Select(s => GroupLabels(allPairs with { Threshold = s.Threshold }, n, [], tokens, published, plainEvidence)).ToList();

        // Ablation: NearDup with all words weighed alike, to show what the name weight brings.
        var wordsAlike = shipped.Select(s => Group(scan.Group with { Threshold = s.Threshold, VectorWeight = s.VectorWeight, WeakLinkSimilarity = s.WeakLink }, n, result, tokens, published, plainEvidence with { Vectors = evidence.Vectors })).ToList();

        var defaults = new int[n];
        Array.Fill(defaults, -1);
        foreach (var story in result.Stories)
        {
            foreach (int m in story.Members)
            {
                defaults[m] = story.Id;
            }
        }

        for (int d = 0; d < n; d++)
        {
            defaults[d] = defaults[d] >= 0 ? defaults[d] : n + d; // unjoined documents are their own stories
        }

        var rows = new List<Row>
        {
            CrossValidate("NearDup stories (held out)", shipped, ownIndex.ConvertAll(i => nearDup[i]), storyLabels, fold, folds),
            CrossValidate("tf-idf average link, all pairs (held out)", baselineSettings, baseline, storyLabels, fold, folds),
            CrossValidate("NearDup, names not weighed (held out)", shipped, wordsAlike, storyLabels, fold, folds),
        };
        if (shares.Length > 1)
        {
            rows.Add(CrossValidate("NearDup, early-story share fitted too (held out)", settings, nearDup, storyLabels, fold, folds));
            // Each share with only the grouping fitted: how much the share itself moves the held-out figure.
            foreach (double? share in shares)
            {
                var mine = Enumerable.Range(0, settings.Count).Where(i => settings[i].EarlyStoryMinShare == share).ToList();
                rows.Add(CrossValidate(string.Create(CultureInfo.InvariantCulture, $"NearDup, early-story share {share:0.##} (held out)"),
                    [.. mine.Select(i => settings[i])], [.. mine.Select(i => nearDup[i])], storyLabels, fold, folds));
            }
        }

        rows.Insert(3,
            new("NearDup stories, default options (fitted on these data)", ClusterMetrics.Compute(defaults, storyLabels), BCubedMetrics.Compute(defaults, storyLabels), defaults.Distinct().Count(), []));
        return new Result(n, topicCount, storyLabels.Distinct().Count(), folds, rows, result.Stats, watch.Elapsed);
    }

    // Topics dealt to folds in order (a topic never straddles two); folds at most the topics.
    private static (int[] Fold, int Topics) Folds(List<string> topicNames, ref int folds)
    {
        var topicList = topicNames.Distinct(StringComparer.Ordinal).OrderBy(t => int.TryParse(t, CultureInfo.InvariantCulture, out int k) ? k : int.MaxValue).ThenBy(t => t, StringComparer.Ordinal).ToList();
        int count = Math.Min(folds, topicList.Count);
        folds = count;
        var foldOfTopic = topicList.Select((t, i) => (t, i % count)).ToDictionary(p => p.t, p => p.Item2, StringComparer.Ordinal);
        var fold = topicNames.Select(t => foldOfTopic[t]).ToArray();
        return (fold, topicList.Count);
    }

    // The set's documents in truth.tsv order, with each one's story and topic.
    private static async Task<(List<Document> Documents, List<string> Stories, List<string> Topics)> ReadAsync(string dataDir, IReadOnlySet<string>? topics, CancellationToken cancellationToken)
    {
        var truth = ReadTable(EvalData.RequireFile(dataDir, Set, "truth.tsv"), 2);
        var meta = ReadTable(EvalData.RequireFile(dataDir, Set, "meta.tsv"), 5).ToDictionary(f => f[0], StringComparer.Ordinal);
        var documents = new List<Document>();
        var storyNames = new List<string>();
        var topicNames = new List<string>();
        foreach (var row in truth)
        {
            string id = row[0];
            if (!meta.TryGetValue(id, out var m))
            {
                throw EvalData.Bad(Path.Combine(dataDir, "meta.tsv"), 0, $"{Set}: document {id} of truth.tsv has no row in meta.tsv");
            }

            if (topics is not null && !topics.Contains(m[1]))
            {
                continue;
            }

            string text = await File.ReadAllTextAsync(EvalData.RequireFile(dataDir, Set, "docs", id + ".txt"), cancellationToken).ConfigureAwait(false);
            DateTimeOffset? dated = DateTimeOffset.TryParse(m[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : (DateTimeOffset?)null;
            documents.Add(new Document(id, text) { Published = dated, Origin = id });
            storyNames.Add(row[1]);
            topicNames.Add(m[1]);
        }

        return (documents, storyNames, topicNames);
    }

    /// <summary>
    /// The stories of <see cref="NearDupIndex"/> over the set: the documents added in truth.tsv order in
    /// <paramref name="batches"/> batches of equal size (each batch's matched, then placed one after another), at each average-link cut and weak-link similarity, then scored
    /// as <see cref="RunAsync"/> scores the scan's: the setting fitted by the same leave-topics-out cross-validation.
    /// </summary>
    /// <param name="index">The index's settings; its <see cref="IndexOptions.Group"/> gives everything but the cut and weak link tried.</param>
    /// <param name="batches">Batches the documents arrive in (1: all at once, where the index's stories are the scan's).</param>
    /// <returns>The held-out row, then the row of <paramref name="index"/>'s own settings (fitted on these data by the scan's evaluation: not held out).</returns>
    public static async Task<IReadOnlyList<Row>> RunIndexAsync(string dataDir, IndexOptions index, int folds = 3, int batches = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var group = index.Group ?? throw new ArgumentException("index.Group must be set: the index groups stories by words.", nameof(index));
        var (documents, storyNames, topicNames) = await ReadAsync(dataDir, null, cancellationToken).ConfigureAwait(false);
        var storyLabels = Labels(storyNames);
        var (fold, topicCount) = Folds(topicNames, ref folds);

        var settings = Thresholds.SelectMany(t => IndexWeakLinks.Select(l => new Setting(t, 0, l))).ToList();
        var labels = new List<int[]>();
        foreach (var setting in settings)
        {
            labels.Add(await IndexLabelsAsync(index with { Group = group with { Threshold = setting.Threshold, WeakLinkSimilarity = setting.WeakLink } }, documents, batches, cancellationToken).ConfigureAwait(false));
        }

        var own = await IndexLabelsAsync(index, documents, batches, cancellationToken).ConfigureAwait(false);
        string inBatches = batches == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $", {batches} batches");
        return
        [
            CrossValidate($"NearDup index stories{inBatches} (held out)", settings, labels, storyLabels, fold, folds),
            new($"NearDup index stories{inBatches}, default options (cut fitted on these data by the scan)", ClusterMetrics.Compute(own, storyLabels), BCubedMetrics.Compute(own, storyLabels), own.Distinct().Count(), []),
        ];
    }

    /// <summary>Weak-link similarities tried for the index (fewer than <see cref="WeakLinks"/>: one index is filled per setting).</summary>
    public static IReadOnlyList<double> IndexWeakLinks { get; } = [0.05, 0.1, 0.2];

    // Each document's story label after adding all of them to a new in-memory index.
    private static async Task<int[]> IndexLabelsAsync(IndexOptions options, List<Document> documents, int batches, CancellationToken cancellationToken)
    {
        using var index = NearDupIndex.InMemory(options);
        int size = (documents.Count + batches - 1) / batches;
        foreach (var batch in documents.Chunk(Math.Max(1, size)))
        {
            await index.AddAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var labels = new int[documents.Count];
        for (int d = 0; d < documents.Count; d++)
        {
            var stored = await index.GetAsync(documents[d].Id, cancellationToken).ConfigureAwait(false);
            labels[d] = checked((int)stored!.Story);
        }

        return labels;
    }

    /// <summary>
    /// For each fold, the setting with the best pairwise F1 over the other folds' documents labels the fold's own;
    /// the held-out labels of all folds are scored together (pairs across folds are across topics: never together).
    /// </summary>
    public static Row CrossValidate(string method, IReadOnlyList<Setting> settings, IReadOnlyList<int[]> labelsPerSetting, IReadOnlyList<int> truth, int[] fold, int folds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(labelsPerSetting);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(fold);
        int n = truth.Count;
        var heldOut = new int[n];
        var fitted = new List<Setting>();
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, n).Where(d => fold[d] != f).ToList();
            int best = 0;
            double bestF1 = -1;
            for (int s = 0; s < settings.Count; s++)
            {
                var labels = labelsPerSetting[s];
                double f1 = ClusterMetrics.Compute(train.Select(d => labels[d]).ToList(), train.Select(d => truth[d]).ToList()).PairF1;
                if (f1 > bestF1 + 1e-12)
                {
                    (best, bestF1) = (s, f1);
                }
            }

            fitted.Add(settings[best]);
            for (int d = 0; d < n; d++)
            {
                if (fold[d] == f)
                {
                    heldOut[d] = (labelsPerSetting[best][d] * folds) + f;
                }
            }
        }

        return new Row(method, ClusterMetrics.Compute(heldOut, truth), BCubedMetrics.Compute(heldOut, truth), heldOut.Distinct().Count(), fitted);
    }

    private static int[] Group(GroupOptions options, int n, ScanResult result, int[] tokens, DateTimeOffset?[] published, StoryEvidence evidence) =>
        GroupLabels(options with { IncludeSingletons = true }, n, result.Relations, tokens, published, evidence);

    private static int[] GroupLabels(GroupOptions options, int n, IEnumerable<Relate.Relation> relations, int[] tokens, DateTimeOffset?[] published, StoryEvidence evidence)
    {
        var labels = new int[n];
        foreach (var story in new StoryGrouper(options).Group(n, relations, tokens, published, evidence))
        {
            foreach (int m in story.Members)
            {
                labels[m] = story.Id;
            }
        }

        return labels;
    }

    private static int[] Labels(List<string> names)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. names.Select(s => ids.TryGetValue(s, out int k) ? k : ids[s] = ids.Count)];
    }

    private static List<string[]> ReadTable(string path, int minFields)
    {
        var rows = new List<string[]>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
            {
                continue; // header
            }

            var fields = text.Split('\t');
            if (fields.Length < minFields)
            {
                throw EvalData.Bad(path, line, $"{Set}: expected at least {minFields} tab-separated fields, found {fields.Length}");
            }

            rows.Add(fields);
        }

        return rows;
    }
}
