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

    [Fact]
    public async Task AddsInFlight_InTheOrderTheirTurnsWereTaken_WithMatchesBeside_EndAsASequentialRun()
    {
        // Past ParallelFromDefault, so batches are searched in parallel at their counts; stories merge by words.
        var batches = WordStoriesTest.TopicTexts(1400, 11).Select((text, i) => new Document($"d{i}", text)).Chunk(100).ToList();
        var options = IndexOptions.From(ScanPresets.Lexical);
        using var sequential = NearDupIndex.InMemory(options);
        foreach (var batch in batches)
        {
            await sequential.AddAsync(batch, Token);
        }

        // As the service does: a turn taken as each request arrives, its body read (here: its add started) in any
        // order later, one request given up; matches run beside.
        using var index = NearDupIndex.InMemory(options);
        var turns = new List<NearDupIndex.AddTurn>();
        foreach (var _ in batches)
        {
            turns.Add(index.TakeTurn());
            if (turns.Count == 5)
            {
                index.TakeTurn().Dispose(); // a request refused before its add
            }
        }

        var adds = Enumerable.Range(0, batches.Count).Reverse().Select(k => Task.Run(() => index.AddAsync(batches[k], turns[k], Token), Token)).ToList();
        var matches = batches.Select(b => Task.Run(() => index.MatchAsync([new Document("q", b[0].Text)], Token), Token)).ToList();
        await Task.WhenAll(adds);
        await Task.WhenAll(matches);

        var expected = await IndexStoreTest.Snapshot(sequential);
        Assert.True(expected.Stories.Split('\n').Length < 1400 * 0.9, "stories should merge by words here");
        Assert.Equal(expected, await IndexStoreTest.Snapshot(index));
        Assert.Equal(await IdsInOrder(sequential), await IdsInOrder(index));
    }

    [Fact]
    public async Task Reopened_TheFirstMatch_AnswersByWords_AsBeforeTheRestart()
    {
        using var folder = new NearDup.Tests.Read.TempFolder();
        var options = IndexOptions.From(ScanPresets.Lexical);
        var texts = WordStoriesTest.TopicTexts(340, 5);
        var queries = Enumerable.Range(300, 40).Select(i => new Document($"q{i}", texts[i])).ToList();
        IReadOnlyList<IndexOutcome> before;
        using (var index = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            await index.AddAsync([.. Enumerable.Range(0, 300).Select(i => new Document($"d{i}", texts[i]))], Token);
            before = await index.MatchAsync(queries, Token);
        }

        using var reopened = await NearDupIndex.OpenAsync(folder.Path, options, Token);
        var after = await reopened.MatchAsync(queries, Token); // no add since the restart
        Assert.True(before.Count(o => o.Story is not null) >= 10, "queries should join stories by their words");
        Assert.Equal(before.Select(o => o.Story), after.Select(o => o.Story));
    }

    // The ids by document number: the order they were added in.
    private static async Task<List<string>> IdsInOrder(NearDupIndex index)
    {
        var numbers = await index.Store.ListDocumentsAsync(0, int.MaxValue, Token);
        var documents = await index.Store.ReadDocumentsAsync(numbers, withText: false, Token);
        return [.. documents.OrderBy(d => d.Number).Select(d => d.Id)];
    }
}
