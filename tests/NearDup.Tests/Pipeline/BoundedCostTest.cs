using System.Text;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;
using NearDup.Tests.Read;

namespace NearDup.Tests.Pipeline;

/// <summary>A huge document costs the meaning-level stage no more than an article, and is still related lexically.</summary>
public class BoundedCostTest
{
    private static string Filler(int characters)
    {
        var text = new StringBuilder(characters + 200);
        for (int i = 0; text.Length < characters; i++)
        {
            text.Append("Item ").Append(i).Append(" of the ledger records a payment by the harbour office on day ").Append(i % 365).Append(".\n");
        }

        return text.ToString();
    }

    [Fact]
    public void SemanticInput_OfAHugeText_KeepsTheFirstSentences_AtALineEnd()
    {
        string text = Filler(2_000_000);

        var input = SemanticInput.Of(text, 50);

        Assert.True(input.Capped);
        Assert.Equal(50, input.Segmentation.Sentences.Length);
        Assert.True(input.Text.Length <= 50 * 400, $"{input.Text.Length} characters read");
        Assert.EndsWith("\n", input.Text, StringComparison.Ordinal);
        Assert.StartsWith(input.Text, text, StringComparison.Ordinal);
        Assert.StartsWith("meaning-level matching read the first 50 sentences", input.CapNote(text.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void SemanticInput_OfAnArticle_IsTheWholeText()
    {
        string article = TestPaths.SeedText("002");

        var input = SemanticInput.Of(article, 200);

        Assert.False(input.Capped);
        Assert.Same(article, input.Text);
    }

    [Fact]
    public async Task HugeDocument_HoldingAWireStory_IsStillFoundToContainIt_AndItsMeaningLevelReadIsCapped()
    {
        string wire = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "news", "wire-original.txt"));
        using var folder = new TempFolder();
        folder.Write("wire.txt", wire);
        folder.Write("huge.txt", Filler(600_000) + "\n" + wire + "\n" + Filler(600_000));
        var problems = new InputProblems();
        var options = new ScanOptions { Semantic = new SemanticScanOptions { CandidateEncoder = StaticEmbeddingEncoder.Default } };

        using var result = await new ScanPipeline(options).RunAsync(DocumentReaders.Open(folder.Path, problems: problems), problems,
            TestContext.Current.CancellationToken);

        var relation = Assert.Single(result.Relations);
        Assert.Equal(RelationKind.Contains, relation.Kind);
        var huge = result.Documents.Single(d => d.Id == "huge");
        Assert.True(huge.Characters > LargeDocumentTokens.MinCharacters);
        Assert.Contains(huge.Notes, n => n.StartsWith("meaning-level matching read the first 200 sentences", StringComparison.Ordinal));
    }
}
