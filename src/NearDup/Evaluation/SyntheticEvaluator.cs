using System.Diagnostics;
using NearDup.Candidates;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Synth;

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
    public sealed record Row(string Method, SynthScoreResult Score, TimeSpan Elapsed, int Candidates, IReadOnlyList<(string A, string B)> Pairs, ScanStats Stats);

    /// <summary>The rows, NearDup first, and the corpus they ran on.</summary>
    public sealed record Result(int Documents, int TruthPairs, string Corpus, IReadOnlyList<Row> Rows);

    /// <summary>MinHash-LSH thresholds run as baselines.</summary>
    public static IReadOnlyList<double> LshThresholds { get; } = [0.5, 0.8, 0.9];

    /// <summary>Generates a corpus of <paramref name="synth"/> (default 10,000 documents, seed 1) and scores it.</summary>
    public static Task<Result> RunAsync(SynthOptions? synth = null, bool baselines = true, CancellationToken cancellationToken = default)
    {
        var corpus = SyntheticCorpus.Generate(synth);
        string name = $"generated: {corpus.Count:N0} documents, seed {corpus.Options.Seed}";
        return ScoreAsync(() => new MemoryReader(corpus.Documents), corpus.Count, corpus.Truth, name, baselines, cancellationToken);
    }

    /// <summary>Scores the corpus of a directory holding <c>corpus.jsonl</c> and <c>truth.tsv</c>.</summary>
    /// <exception cref="NearDupFormatException">A file is missing or malformed.</exception>
    public static Task<Result> RunAsync(string dataDir, bool baselines = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        string corpus = EvalData.RequireFile(dataDir, Set, "corpus.jsonl");
        var truth = SyntheticCorpus.ReadTruth(EvalData.RequireFile(dataDir, Set, "truth.tsv"));
        return ScoreAsync(() => DocumentReaders.Open(corpus), -1, truth, corpus, baselines, cancellationToken);
    }

    private static async Task<Result> ScoreAsync(
        Func<IDocumentReader> open, int documents, IReadOnlyList<TruthPair> truth, string name, bool baselines, CancellationToken cancellationToken)
    {
        var methods = new List<(string, ScanOptions)> { ("NearDup scan", new ScanOptions()) };
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
            var reported = new List<(string, string)>(result.Relations.Count);
            foreach (var r in result.Relations)
            {
                reported.Add((result.Documents[r.A].Id, result.Documents[r.B].Id));
            }

            documents = result.Documents.Count;
            rows.Add(new Row(method, SynthScore.Score(truth, reported), watch.Elapsed, result.Stats.Candidates, reported, result.Stats));
        }

        return new Result(documents, truth.Count, name, rows);
    }
}
