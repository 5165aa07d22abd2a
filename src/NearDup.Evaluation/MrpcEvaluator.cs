using System.Diagnostics;
using NearDup.Semantic;

namespace NearDup.Evaluation;

/// <summary>
/// MRPC (a directory laid out as <c>mrpc/</c>: <c>msr_paraphrase_train.txt</c>, or any file of the same format):
/// each sentence pair is judged paraphrase when <see cref="ParaphraseScorer.Default"/> gives p ≥ 0.5 on the
/// encoder's cosine and the lexical overlap, a threshold fixed before this run (cross-validated, see
/// <see cref="SemanticOptions"/>). Baseline beside it: word-set Jaccard ≥ 0.5, what lexical tools can say. With a
/// <see cref="IParaphraseVerifier"/> (the cross-encoder), its own decision and the scan's cascade (the bi-encoder
/// proposes, the verifier confirms) are scored too.
/// </summary>
public static class MrpcEvaluator
{
    public sealed record Result(int Pairs, BinaryCounts NearDup, BinaryCounts CosineOnly, BinaryCounts WordJaccard, TimeSpan Elapsed)
    {
        /// <summary>The verifier's own decision (p ≥ its threshold), when one was given.</summary>
        public BinaryCounts? CrossEncoder { get; init; }

        /// <summary>Pairs the bi-encoder proposes (scorer p ≥ <see cref="CascadeProposalProbability"/>) and the verifier confirms.</summary>
        public BinaryCounts? Cascade { get; init; }

        /// <summary>The file scored.</summary>
        public string DataFile { get; init; } = string.Empty;

        /// <summary>Seconds the verifier took over all pairs.</summary>
        public double CrossEncoderSeconds { get; init; }

        /// <summary>Each pair's scores, in file order.</summary>
        public IReadOnlyList<PairScores> Scores { get; init; } = [];
    }

    /// <summary>
    /// What the engine knows of one pair: the bi-encoder's cosine, the lexical overlap, the scorer's and the verifier's
    /// probabilities (NaN without a verifier); the features of a second stage over the cross-encoder.
    /// </summary>
    public readonly record struct PairScores(bool Paraphrase, float Cosine, float Jaccard, float Unmatched, bool NumbersDiffer, double ScorerProbability, float CrossEncoderProbability);

    /// <summary>
    /// Least <see cref="ParaphraseScorer"/> probability at which the bi-encoder proposes a pair to the verifier in the
    /// cascade row: the scan's own (<see cref="SemanticOptions.ProposalMinProbability"/>), so that this row is the scan's
    /// rule sentence by sentence.
    /// </summary>
    public static double CascadeProposalProbability { get; } = new SemanticOptions().ProposalMinProbability;

    /// <summary>Cosine threshold of the cosine-only row, the mean of the per-fold best thresholds of the 10-fold CV in docs/EVALUATION-semantic.md.</summary>
    public const float CosineOnlyThreshold = 0.68f;

    public static Result Run(string dataDir, ISentenceEncoder encoder, int? maxPairs = null, IParaphraseVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var watch = Stopwatch.StartNew();
        string file = DataFile(dataDir);
        var pairs = Read(file, maxPairs);
        int dim = encoder.Dimension;
        var a = pairs.Select(p => p.A).ToArray();
        var b = pairs.Select(p => p.B).ToArray();
        var va = new float[a.Length * dim];
        var vb = new float[b.Length * dim];
        encoder.Encode(a, va);
        encoder.Encode(b, vb);

        float[]? verified = null;
        double verifierSeconds = 0;
        if (verifier is not null)
        {
            var verifierWatch = Stopwatch.StartNew();
            verified = new float[pairs.Count];
            verifier.Score(a, b, verified);
            verifierSeconds = verifierWatch.Elapsed.TotalSeconds;
        }

        BinaryCounts model = default, cosineOnly = default, jaccard = default, cross = default, cascade = default;
        var scores = new PairScores[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var da = SemanticDocument.Create(a[i], [new TextSpan(0, a[i].Length)], va.AsSpan(i * dim, dim).ToArray(), dim);
            var db = SemanticDocument.Create(b[i], [new TextSpan(0, b[i].Length)], vb.AsSpan(i * dim, dim).ToArray(), dim);
            float cosine = SemanticVector.Dot(da.SentenceVector(0), db.SentenceVector(0));
            var overlap = LexicalOverlap.Compute(da.Words[0], db.Words[0], da.Numbers[0], db.Numbers[0]);
            bool truth = pairs[i].Paraphrase;
            double probability = ParaphraseScorer.Default.Probability(cosine, overlap);
            scores[i] = new PairScores(truth, cosine, overlap.Jaccard, overlap.Unmatched, overlap.NumbersDiffer, probability, verified?[i] ?? float.NaN);
            model = model.Add(probability >= 0.5, truth);
            cosineOnly = cosineOnly.Add(cosine >= CosineOnlyThreshold, truth);
            jaccard = jaccard.Add(overlap.Jaccard >= 0.5f, truth);
            if (verified is not null)
            {
                bool confirmed = verified[i] >= verifier!.Threshold;
                cross = cross.Add(confirmed, truth);
                cascade = cascade.Add(confirmed && probability >= CascadeProposalProbability, truth);
            }
        }

        return new Result(pairs.Count, model, cosineOnly, jaccard, watch.Elapsed)
        {
            CrossEncoder = verified is null ? null : cross,
            Cascade = verified is null ? null : cascade,
            CrossEncoderSeconds = verifierSeconds,
            Scores = scores,
            DataFile = file,
        };
    }

    /// <summary>The pairs of an MRPC folder (its first .txt file) or file, as <see cref="Synth.SentencePair"/>s.</summary>
    public static List<Synth.SentencePair> SentencePairs(string dataDirOrFile) =>
        Read(DataFile(dataDirOrFile)).ConvertAll(p => new Synth.SentencePair(p.A, p.B, p.Paraphrase));

    // A folder's first .txt file in ordinal order, or the file itself.
    private static string DataFile(string dataDirOrFile) => Directory.Exists(dataDirOrFile)
        ? Directory.GetFiles(dataDirOrFile, "*.txt").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault()
          ?? throw new FileNotFoundException($"no MRPC .txt file in {dataDirOrFile}")
        : File.Exists(dataDirOrFile) ? dataDirOrFile : throw new FileNotFoundException($"MRPC data not found: {dataDirOrFile}");

    /// <summary>Reads MRPC's tab-separated pairs (bare quotes, not CSV; a byte-order mark on the header).</summary>
    public static List<(bool Paraphrase, string A, string B)> Read(string path, int? maxPairs = null)
    {
        var pairs = new List<(bool, string, string)>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split('\t');
            if (f.Length != 5 || f[0] is not ("0" or "1"))
            {
                throw new Read.NearDupFormatException(new Read.InputProblem(path, lineNumber, null, "expected 5 tab-separated fields: Quality, #1 ID, #2 ID, #1 String, #2 String"));
            }

            pairs.Add((f[0] == "1", f[3], f[4]));
            if (pairs.Count == maxPairs)
            {
                break;
            }
        }

        return pairs;
    }
}
