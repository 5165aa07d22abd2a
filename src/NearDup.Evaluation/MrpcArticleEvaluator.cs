using System.Diagnostics;
using NearDup.Evaluation.Synth;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Semantic;

namespace NearDup.Evaluation;

/// <summary>
/// Document-level paraphrase on articles built from MRPC (<see cref="ParaphraseArticles"/>): each rewrite and each
/// hard negative is related to its original by <see cref="SemanticRelater"/> and by the lexical scan; the support
/// threshold (<see cref="SemanticOptions.ParaphraseMinSupport"/>) is fitted by cross-validation over articles (no
/// sentence is in two articles, so none is in both train and test).
/// </summary>
/// <remarks>
/// What counts: a rewrite is found when the scan would report it as <c>paraphrase</c> (the semantic stage restates it
/// and the lexical engine found no copy) or as a lexical copy (exact, near_exact, contains, shared_source), since a
/// lexically close rewrite is text reuse either way; a hard negative reported either way is a false positive.
/// <c>partial</c> (some passage shared) claims no restatement and counts for neither side.
/// </remarks>
public static class MrpcArticleEvaluator
{
    /// <summary>Out-of-fold counts (rewrites positive, hard negatives negative) and the thresholds behind them.</summary>
    /// <param name="Articles">Rewrites plus hard negatives.</param>
    /// <param name="Paraphrase">Called <c>paraphrase</c> by the scan: restated and not a lexical copy.</param>
    /// <param name="ParaphraseOrLexical">Called <c>paraphrase</c> or a lexical copy.</param>
    /// <param name="Restates">The semantic stage alone: paraphrase or text reuse, whatever the lexical engine says.</param>
    /// <param name="LexicalOnly">The lexical engine alone (copy kinds).</param>
    /// <param name="PreviousRule">The rule before fitting (coverage of aligned sentences ≥ 0.5), for comparison.</param>
    /// <param name="FoldThresholds">The support threshold chosen on each fold's training part.</param>
    /// <param name="FittedOnAll">The threshold chosen on all articles (the shipped default is this, rounded).</param>
    public sealed record Result(
        int Articles,
        BinaryCounts Paraphrase,
        BinaryCounts ParaphraseOrLexical,
        BinaryCounts Restates,
        BinaryCounts LexicalOnly,
        BinaryCounts PreviousRule,
        IReadOnlyList<double> FoldThresholds,
        double FittedOnAll,
        TimeSpan Elapsed);

    /// <summary>Builds the articles from the MRPC folder or file, relates every pair and cross-validates.</summary>
    /// <param name="verifier">The scan's cascade (<see cref="Pipeline.SemanticScanOptions.ParaphraseVerifier"/>): the
    /// support is then the one it gives, and the fitted cut is <see cref="SemanticOptions.VerifiedMinSupport"/>'s.</param>
    public static async Task<Result> RunAsync(string dataDir, ISentenceEncoder encoder, int folds = 10, int? maxArticles = null, IParaphraseVerifier? verifier = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var watch = Stopwatch.StartNew();
        var articles = ParaphraseArticles.Build(MrpcEvaluator.SentencePairs(dataDir));
        if (maxArticles is { } max && max < articles.Count)
        {
            // Keep both classes: every n-th article.
            int step = (articles.Count + max - 1) / max;
            articles = articles.Where((_, i) => i % step == 0).ToList();
        }

        bool[] lexicalCopy = await LexicalCopiesAsync(articles, cancellationToken).ConfigureAwait(false);
        var options = new SemanticOptions();
        var relater = new SemanticRelater(options, verifier, verifyAll: true);
        var relations = new SemanticRelation[articles.Count];
        for (int i = 0; i < articles.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            relations[i] = relater.Relate(SemanticDocument.Create(articles[i].Original, encoder), SemanticDocument.Create(articles[i].Other, encoder));
        }

        var support = relations.Select(r => r.Support).ToArray();
        var truth = articles.Select(a => a.Rewrite).ToArray();
        var thresholds = new double[folds];
        var restates = new bool[articles.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, articles.Count).Where(i => i % folds != f).ToList();
            thresholds[f] = FitMinSupport([.. train.Select(i => support[i])], [.. train.Select(i => truth[i])]);
            foreach (int i in Enumerable.Range(0, articles.Count).Where(i => i % folds == f))
            {
                restates[i] = (options with { ParaphraseMinSupport = thresholds[f] }).Restates(support[i], relations[i].InOrderShare);
            }
        }

        BinaryCounts paraphrase = default, either = default, semantic = default, lexical = default, previous = default;
        for (int i = 0; i < articles.Count; i++)
        {
            paraphrase = paraphrase.Add(restates[i] && !lexicalCopy[i], truth[i]);
            either = either.Add(restates[i] || lexicalCopy[i], truth[i]);
            semantic = semantic.Add(restates[i], truth[i]);
            lexical = lexical.Add(lexicalCopy[i], truth[i]);
            double shorterCoverage = Math.Min(relations[i].CoverageA, relations[i].CoverageB);
            previous = previous.Add(shorterCoverage >= 0.5 && relations[i].InOrderShare >= options.ParaphraseMinInOrder, truth[i]);
        }

        return new Result(articles.Count, paraphrase, either, semantic, lexical, previous, thresholds, FitMinSupport(support, truth), watch.Elapsed);
    }

    /// <summary>
    /// The support threshold with the most correct calls (rewrites at or above, hard negatives below): the midpoint
    /// between the two neighbouring values where accuracy peaks (the lowest such point on ties).
    /// </summary>
    public static double FitMinSupport(IReadOnlyList<double> support, IReadOnlyList<bool> rewrite)
    {
        ArgumentNullException.ThrowIfNull(support);
        ArgumentNullException.ThrowIfNull(rewrite);
        if (support.Count != rewrite.Count || support.Count == 0)
        {
            throw new ArgumentException("FitMinSupport needs one label per value, and at least one value.", nameof(rewrite));
        }

        var order = Enumerable.Range(0, support.Count).OrderBy(i => support[i]).ToArray();
        int correct = rewrite.Count(r => r); // threshold below everything: every rewrite right
        int best = correct;
        double threshold = support[order[0]];
        for (int k = 0; k < order.Length; k++)
        {
            correct += rewrite[order[k]] ? -1 : 1; // order[k] now falls below the threshold
            bool tie = k + 1 < order.Length && support[order[k + 1]] == support[order[k]];
            if (!tie && correct > best)
            {
                best = correct;
                threshold = k + 1 < order.Length ? (support[order[k]] + support[order[k + 1]]) / 2 : support[order[k]] + 1e-9;
            }
        }

        return threshold;
    }

    // The lexical verdict on each (original, other) pair, from one scan of all articles without the semantic stage.
    private static async Task<bool[]> LexicalCopiesAsync(List<ArticlePair> articles, CancellationToken cancellationToken)
    {
        var documents = new List<Document>(2 * articles.Count);
        foreach (var article in articles)
        {
            documents.Add(new Document($"o{documents.Count:D6}", article.Original));
            documents.Add(new Document($"x{documents.Count:D6}", article.Other));
        }

        var copy = new bool[articles.Count];
        using var scan = await new ScanPipeline(new ScanOptions()).RunAsync(new MemoryReader(documents), new InputProblems(), cancellationToken).ConfigureAwait(false);
        foreach (var r in scan.Relations)
        {
            int a = Math.Min(r.A, r.B), b = Math.Max(r.A, r.B);
            if (b == a + 1 && a % 2 == 0 && ScanPipeline.IsLexicalCopy(r.Kind))
            {
                copy[a / 2] = true;
            }
        }

        return copy;
    }
}
