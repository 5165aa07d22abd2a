using System.Text.Json;
using NearDup.Boilerplate;

namespace NearDup.Tests.Boilerplate;

/// <summary>How the line reader judges real article text: the labelled bodies of ../shared/eval/article-extraction.</summary>
public sealed class FurnitureCuesEvalTest
{
    [Fact]
    public void RealArticleBodies_RarelyReadAsCues()
    {
        string path = Path.Combine(TestPaths.Eval, "article-extraction", "ground-truth.json");
        Assert.True(File.Exists(path), "the labelled benchmark is missing: " + path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        int lines = 0, cues = 0, headlines = 0;
        foreach (var page in doc.RootElement.EnumerateObject())
        {
            foreach (var raw in (page.Value.GetProperty("articleBody").GetString() ?? "").Split('\n'))
            {
                if (raw.AsSpan().Trim().IsEmpty)
                {
                    continue;
                }

                lines++;
                var kind = FurnitureCues.Classify(raw);
                cues += kind == LineKind.Cue ? 1 : 0;
                headlines += kind == LineKind.Headline ? 1 : 0;
            }
        }

        // Measured: 2,529 lines, 6 cues (0.24 %; all six are sign-up or legal lines the labels kept), 225 Title Case
        // lines (subheads: why a lone headline, or subheads separated by prose, are never taken as furniture).
        Assert.Equal(2529, lines);
        Assert.True(cues * 100 < lines, $"{cues} of {lines} article lines read as cues");
        Assert.True(headlines * 10 < lines, $"{headlines} of {lines} article lines read as headlines");
    }
}
