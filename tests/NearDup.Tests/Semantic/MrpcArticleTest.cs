using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// Articles built from MRPC's news sentences (each sentence used once): an original is a run of sentences, its
/// rewrite replaces each by its labelled paraphrase, and a hard negative replaces each by a sentence labelled
/// not a paraphrase (lexically close, different meaning).
/// </summary>
public class MrpcArticleTest
{
    private const int SentencesPerArticle = 6;

    private static (List<string[]> Originals, List<string[]> Others, List<bool> IsRewrite) Articles(int maxPairs)
    {
        var pairs = SemanticTestData.Mrpc();
        if (maxPairs < pairs.Count)
        {
            pairs = pairs.GetRange(0, maxPairs);
        }

        var originals = new List<string[]>();
        var others = new List<string[]>();
        var rewrite = new List<bool>();
        foreach (bool label in new[] { true, false })
        {
            var chosen = pairs.Where(p => p.Paraphrase == label).ToList();
            for (int start = 0; start + SentencesPerArticle <= chosen.Count; start += SentencesPerArticle)
            {
                var run = chosen.GetRange(start, SentencesPerArticle);
                originals.Add(run.Select(p => p.A).ToArray());
                others.Add(run.Select(p => p.B).ToArray());
                rewrite.Add(label);
            }
        }

        return (originals, others, rewrite);
    }

    private static SemanticDocument Document(string[] sentences, ISentenceEncoder encoder)
    {
        string text = string.Join("\n\n", sentences);
        return SemanticDocument.Create(text, encoder);
    }

    // MRPC's paraphrases are often lexically close, so a rewrite counts as found when it is called a paraphrase or
    // text reuse; strictParaphrase counts only the former.
    private static (int Tp, int Fp, int Fn, int Tn) Evaluate(int maxPairs, bool strictParaphrase, out int candidatesFound, out int rewrites)
    {
        var (originals, others, isRewrite) = Articles(maxPairs);
        var relater = new SemanticRelater();
        var finder = new SemanticCandidateFinder(StaticEmbeddingEncoder.Default.Dimension);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < originals.Count; i++)
        {
            var a = Document(originals[i], SemanticTestData.Encoder);
            var b = Document(others[i], SemanticTestData.Encoder);
            var kind = relater.Relate(a, b).Kind;
            bool said = kind == SemanticRelationKind.Paraphrase || (!strictParaphrase && kind == SemanticRelationKind.TextReuse);
            tp += said && isRewrite[i] ? 1 : 0;
            fp += said && !isRewrite[i] ? 1 : 0;
            fn += !said && isRewrite[i] ? 1 : 0;
            tn += !said && !isRewrite[i] ? 1 : 0;
            finder.Add(Document(originals[i], StaticEmbeddingEncoder.Default).Vector);
            finder.Add(Document(others[i], StaticEmbeddingEncoder.Default).Vector);
        }

        // Candidate recall of the cheap path: is each rewrite among its original's static neighbours?
        var found = finder.FindPairs(k: 5, minCosine: 0.5f).Select(p => (p.A, p.B)).ToHashSet();
        candidatesFound = 0;
        rewrites = 0;
        for (int i = 0; i < originals.Count; i++)
        {
            if (isRewrite[i])
            {
                rewrites++;
                candidatesFound += found.Contains((2 * i, (2 * i) + 1)) ? 1 : 0;
            }
        }

        return (tp, fp, fn, tn);
    }

    [Fact]
    public void Rewrites_OfMrpcArticles_AreParaphrase_HardNegativesMostlyNot()
    {
        var (tp, fp, fn, tn) = Evaluate(150, strictParaphrase: false, out int found, out int rewrites);
        TestContext.Current.TestOutputHelper?.WriteLine($"tp {tp} fp {fp} fn {fn} tn {tn}; candidates {found}/{rewrites}");
        Assert.True(tp > 3 * fn, $"recall {tp}/{tp + fn}");
        Assert.True(tp > 2 * fp, $"precision {tp}/{tp + fp}");
        Assert.True(found >= rewrites - 1, $"static candidates found {found} of {rewrites} rewrites");
    }

    /// <summary>All of MRPC train (a few minutes): recall and precision of paraphrase; figures in docs/EVALUATION-semantic.md.</summary>
    [Fact(Explicit = true)]
    public void Report_AllMrpcArticles()
    {
        var output = TestContext.Current.TestOutputHelper!;
        int found = 0, rewrites = 0;
        foreach (bool strict in new[] { true, false })
        {
            var (tp, fp, fn, tn) = Evaluate(int.MaxValue, strict, out found, out rewrites);
            string what = strict ? "paraphrase" : "paraphrase or text reuse";
            output.WriteLine($"{what}: rewrites {tp + fn}, hard negatives {fp + tn}; tp {tp} fp {fp} fn {fn} tn {tn}");
            output.WriteLine($"{what}: recall {tp / (double)(tp + fn):F3}, precision {tp / (double)Math.Max(1, tp + fp):F3}");
        }

        output.WriteLine($"static candidate recall (k=5, cosine>=0.5): {found}/{rewrites} = {found / (double)rewrites:F3}");
    }
}
