using NearDup.Evaluation;

namespace NearDup.Tests.Evaluation;

/// <summary>Quality regression on small subsets of the labelled extraction sets (skipped when the data is absent).</summary>
public class ExtractionQualityTest
{
    internal static string? FindEvalDir(string name)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(d.FullName, "shared", "eval", name), Path.Combine(d.FullName, "eval", name) })
            {
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    [Fact]
    public void ArticleExtraction_First20Pages_F1NotBelowMeasured()
    {
        string? dir = FindEvalDir("article-extraction");
        Assert.SkipWhen(dir is null, "shared/eval/article-extraction not found");

        ExtractionEvaluationResult r = ArticleExtractionEvaluator.Run(dir!, new ExtractionEvaluationOptions { MaxPages = 20, CompareSmartReader = false });

        // Measured 0.981 (P 0.977, R 0.984) on these 20 pages.
        Assert.Equal(20, r.Pages);
        Assert.True(r.NearDup.F1 >= 0.97, $"F1 {r.NearDup.F1:F3} fell below 0.97");
    }

    [Fact]
    public void ArticleExtraction_AllPages_F1NotBelowRecorded()
    {
        string? dir = FindEvalDir("article-extraction");
        Assert.SkipWhen(dir is null, "shared/eval/article-extraction not found");

        ExtractionEvaluationResult r = ArticleExtractionEvaluator.Run(dir!, new ExtractionEvaluationOptions { CompareSmartReader = false });

        // Recorded in docs/EVALUATION.md: F1 0.971 (P 0.975, R 0.966) on the 113 visible pages.
        Assert.True(r.NearDup.F1 >= 0.96, $"F1 {r.NearDup.F1:F3} fell below 0.96");
    }

    [Fact]
    public void Trafilatura_First40Pages_FNotBelowMeasured()
    {
        string? dir = FindEvalDir("trafilatura");
        Assert.SkipWhen(dir is null, "shared/eval/trafilatura not found");

        ExtractionEvaluationResult r = TrafilaturaEvaluator.Run(dir!, new ExtractionEvaluationOptions { MaxPages = 40, CompareSmartReader = false });

        // Measured 0.936 (P 0.965, R 0.909) on these 40 pages.
        Assert.Equal(40, r.Pages);
        Assert.True(r.NearDup.F1 >= 0.91, $"F {r.NearDup.F1:F3} fell below 0.91");
    }

    [Fact]
    public void Run_MissingFolder_ThrowsNamingIt()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ArticleExtractionEvaluator.Run("/no/such/folder"));

        Assert.Contains("/no/such/folder", e.Message, StringComparison.Ordinal);
    }
}
