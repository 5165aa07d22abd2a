using NearDup.Index;

namespace NearDup.Tests.Index;

/// <summary>Stories by words through the index: what a match answers against what an add then does.</summary>
public sealed class IndexWordStoriesTest
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Match_AnswersTheStoryItsWordsWouldJoin_AsTheAddThenPlacesIt()
    {
        using var index = NearDupIndex.InMemory(IndexOptions.From(ScanPresets.Lexical));
        var texts = WordStoriesTest.TopicTexts(400, 7);
        for (int from = 0; from < 300; from += 50)
        {
            await index.AddAsync([.. Enumerable.Range(from, 50).Select(i => new Document($"d{i}", texts[i]))], Token);
        }

        int agreed = 0, joined = 0, asked = 0;
        for (int i = 300; i < texts.Count; i++)
        {
            var document = new Document($"d{i}", texts[i]);
            var matched = (await index.MatchAsync([document], Token))[0];
            var before = matched.Story is { } story ? await index.StoryAsync(story, Token) : null;
            var added = (await index.AddAsync([document], Token))[0];
            asked++;
            if (before is not null)
            {
                // It joined that story (merged, perhaps, into an older one since).
                joined++;
                var member = await index.GetAsync(before.Members[0], Token);
                agreed += member!.Story == added.Story ? 1 : 0;
            }
            else
            {
                // It stayed alone.
                var own = await index.StoryAsync(added.Story!.Value, Token);
                agreed += own!.Members.Count == 1 ? 1 : 0;
            }
        }

        Assert.True(joined >= 20, $"new documents should join stories by their words ({joined} of {asked})");
        Assert.True(agreed >= asked * 0.9, $"the match should answer the story the add gives ({agreed} of {asked})");
    }
}
