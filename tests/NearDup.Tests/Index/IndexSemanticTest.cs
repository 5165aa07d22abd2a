using NearDup.Index;
using NearDup.Relate;
using NearDup.Semantic.MiniLM;
using NearDup.Tests.Read;

namespace NearDup.Tests.Index;

/// <summary>Meaning-level matching in the index, with the default preset's encoders (static candidates, MiniLM verification).</summary>
public sealed class IndexSemanticTest : IDisposable
{
    private readonly TempFolder folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Seeds_AddedOneByOne_TheSummary004_JoinsTheStoryOf001To003()
    {
        var options = IndexOptions.From(MiniLmPresets.Default);
        var outcomes = new Dictionary<string, IndexOutcome>();
        using (var index = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            foreach (string prefix in new[] { "000", "001", "002", "003" })
            {
                outcomes[prefix] = (await index.AddAsync([new Document(prefix, TestPaths.SeedText(prefix))], Token))[0];
            }
        }

        // Reopened: the documents' vectors come from the store.
        using var reopened = await NearDupIndex.OpenAsync(folder.Path, options, Token);
        var summary = (await reopened.AddAsync([new Document("004", TestPaths.SeedText("004"))], Token))[0];

        Assert.Equal(["001", "002"], outcomes["003"].Relations.Where(r => r.Kind == RelationKind.SharedSource || r.Kind == RelationKind.Contains).Select(r => r.A).Order());
        Assert.Equal(outcomes["001"].Story, outcomes["003"].Story);
        Assert.Contains(summary.Relations, r => r.Kind == RelationKind.SameStory && r.A is "001" or "002" or "003");
        Assert.All(summary.Relations, r => Assert.Equal("004", r.B));
        Assert.Equal(outcomes["001"].Story, summary.Story);
        var story = await reopened.StoryAsync(summary.Story!.Value, Token);
        Assert.Contains("004", story!.Members);
        Assert.Contains("001", story.Members);
    }

    [Fact]
    public async Task Seeds_Matched_TheSummary004_WouldJoinTheStory_AndAnUnrelatedTextWouldNot()
    {
        using var index = NearDupIndex.InMemory(IndexOptions.From(MiniLmPresets.Default));
        var added = await index.AddAsync([.. new[] { "001", "002", "003" }.Select(p => new Document(p, TestPaths.SeedText(p)))], Token);

        var matched = await index.MatchAsync([new Document("004", TestPaths.SeedText("004")), new Document("other", Fingerprint.RandomText.Text(new Random(4), 300))], Token);

        Assert.Equal(added[0].Story, matched[0].Story);
        Assert.Contains(matched[0].Relations, r => r.Kind == RelationKind.SameStory);
        Assert.Null(matched[1].Story);
        Assert.Empty(matched[1].Relations);
    }
}
