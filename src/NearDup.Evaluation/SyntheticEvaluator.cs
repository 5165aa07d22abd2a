using System.Diagnostics;
using NearDup.Candidates;
using NearDup.Evaluation.Synth;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;

namespace NearDup.Evaluation;

/// <summary>
/// The planted corpus: generated with <see cref="SyntheticCorpus"/> (or read from a directory holding
/// <c>corpus.jsonl</c> and <c>truth.tsv</c>), scanned by NearDup and, as baselines, by MinHash-LSH alone at the usual
/// thresholds; every reported document pair is scored against the truth (<see cref="SynthScore"/>).
/// </summary>
public static class SyntheticEvaluator
{
    private const string Set = "synthetic";

    /// <summary>One method's scores, scan time and the pairs it reported (document ids).</summary>
    public sealed record Row(string Method, SynthScoreResult Score, TimeSpan Elapsed, int Candidates, IReadOnlyList<(string A, string B)> Pairs, ScanStats Stats, PlantedParaphraseScore? Paraphrase);

    /// <summary>The rows, NearDup first, and the corpus they ran on.</summary>
    public sealed record Result(int Documents, int TruthPairs, string Corpus, IReadOnlyList<Row> Rows);

    /// <summary>MinHash-LSH thresholds run as baselines.</summary>
    public static IReadOnlyList<double> LshThresholds { get; } = [0.5, 0.8, 0.9];

    /// <summary>Generates a corpus of <paramref name="synth"/> (default 10,000 documents, seed 1) and scores it.</summary>
    /// <param name="synth">The corpus to generate.</param>
    /// <param name="baselines">Also run MinHash-LSH alone.</param>
    /// <param name="scan">NearDup's settings (e.g. with the semantic stage); default <c>new ScanOptions()</c>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static Task<Result> RunAsync(SynthOptions? synth = null, bool baselines = true, ScanOptions? scan = null, CancellationToken cancellationToken = default)
    {
        var corpus = SyntheticCorpus.Generate(synth);
        string name = $"generated: {corpus.Count:N0} documents ({corpus.Options.Paraphrases.Count:N0} planted article pairs), seed {corpus.Options.Seed}";
        return ScoreAsync(() => new MemoryReader(corpus.Documents), corpus.Count, corpus.Truth, name, baselines, scan, cancellationToken);
    }

    /// <summary>Scores the corpus of a directory holding <c>corpus.jsonl</c> and <c>truth.tsv</c>.</summary>
    /// <exception cref="NearDupFormatException">A file is missing or malformed.</exception>
    public static Task<Result> RunAsync(string dataDir, bool baselines = true, ScanOptions? scan = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        string corpus = EvalData.RequireFile(dataDir, Set, "corpus.jsonl");
        var truth = SyntheticCorpus.ReadTruth(EvalData.RequireFile(dataDir, Set, "truth.tsv"));
        return ScoreAsync(() => DocumentReaders.Open(corpus), -1, truth, corpus, baselines, scan, cancellationToken);
    }

    private static async Task<Result> ScoreAsync(
        Func<IDocumentReader> open, int documents, IReadOnlyList<TruthPair> truth, string name, bool baselines, ScanOptions? scan, CancellationToken cancellationToken)
    {
        var methods = new List<(string, ScanOptions)> { (scan?.Semantic.Enabled == true ? "NearDup scan + semantic" : "NearDup scan", scan ?? new ScanOptions()) };
        if (baselines)
        {
            foreach (double t in LshThresholds)
            {
                methods.Add((FormattableString.Invariant($"MinHash-LSH t={t:0.0}"), new ScanOptions
                {
                    CandidatesOnly = true,
                    Candidates = new CandidateOptions { LshThreshold = t, Sources = CandidateSource.MinHash },
                }));
            }
        }

        var rows = new List<Row>();
        foreach (var (method, options) in methods)
        {
            var watch = Stopwatch.StartNew();
            using var result = await new ScanPipeline(options).RunAsync(open(), new InputProblems(), cancellationToken).ConfigureAwait(false);
            // A pair is found when a relation reports it, a chain of copy relations joins it (tree mode aligns only
            // enough pairs to explain a copy family) or one passage cluster holds both; baselines: their pairs only.
            var reported = new List<(string, string)>(result.Relations.Count);
            foreach (var (a, b) in options.CandidatesOnly ? result.Relations.Select(r => (r.A, r.B)).ToList() : result.RelatedPairs())
            {
                reported.Add((result.Documents[a].Id, result.Documents[b].Id));
            }

            documents = result.Documents.Count;
            rows.Add(new Row(method, SynthScore.Score(truth, reported), watch.Elapsed, result.Stats.Candidates, reported, result.Stats,
                options.CandidatesOnly ? null : ScoreParaphrases(truth, result)));
        }

        return new Result(documents, truth.Count, name, rows);
    }

    // Planted rewrites and hard negatives by the kind reported for each; null when the corpus has none.
    private static PlantedParaphraseScore? ScoreParaphrases(IReadOnlyList<TruthPair> truth, ScanResult result)
    {
        var kinds = new Dictionary<(string, string), RelationKind>(result.Relations.Count);
        foreach (var r in result.Relations)
        {
            string a = result.Documents[r.A].Id, b = result.Documents[r.B].Id;
            kinds[string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a)] = r.Kind;
        }

        BinaryCounts paraphrase = default, either = default;
        var truthKinds = new Dictionary<(string, string), SynthKind>(truth.Count);
        foreach (var t in truth)
        {
            truthKinds.TryAdd((t.A, t.B), t.Kind);
            if (t.Kind is SynthKind.Paraphrase or SynthKind.HardNegative)
            {
                var kind = kinds.GetValueOrDefault((t.A, t.B), RelationKind.None);
                paraphrase = paraphrase.Add(kind == RelationKind.Paraphrase, t.Kind == SynthKind.Paraphrase);
                either = either.Add(kind == RelationKind.Paraphrase || ScanPipeline.IsLexicalCopy(kind), t.Kind == SynthKind.Paraphrase);
            }
        }

        if (paraphrase.Total == 0)
        {
            return null;
        }

        int relations = 0, otherReuse = 0, unrelated = 0;
        foreach (var (pair, kind) in kinds)
        {
            if (kind != RelationKind.Paraphrase)
            {
                continue;
            }

            relations++;
            if (!truthKinds.TryGetValue(pair, out var truthKind))
            {
                unrelated++;
            }
            else if (truthKind is not (SynthKind.Paraphrase or SynthKind.HardNegative))
            {
                otherReuse++;
            }
        }

        return new PlantedParaphraseScore(paraphrase, either, relations, otherReuse, unrelated);
    }
}
