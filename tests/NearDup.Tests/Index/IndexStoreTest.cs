using NearDup.Index;
using NearDup.Relate;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Index;

/// <summary>The behaviour every store must give a <see cref="NearDupIndex"/>; one subclass per store.</summary>
public abstract class IndexStoreTest : IDisposable
{
    private static readonly string PassageOne = RandomText.Text(new Random(1), 160);
    private static readonly string PassageTwo = RandomText.Text(new Random(2), 160);
    private static readonly string Unrelated = RandomText.Text(new Random(3), 200);

    private protected abstract IIndexStore CreateStore();

    /// <summary>Whether two opens of <see cref="CreateStore"/> are two writers of one index (false: each is its own).</summary>
    private protected virtual bool OpensShareTheIndex => true;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected async Task<NearDupIndex> OpenAsync() => await NearDupIndex.OpenAsync(CreateStore(), cancellationToken: Token);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_ExactCopy_IsRelatedWithPassages_AndJoinsTheStory()
    {
        using var index = await OpenAsync();
        var first = await index.AddAsync([new Document("wire", PassageOne)], Token);
        var second = await index.AddAsync([new Document("copy", PassageOne) { Url = "https://example.org/copy" }, new Document("other", Unrelated)], Token);

        Assert.Equal(IndexStatus.Added, first[0].Status);
        Assert.Empty(first[0].Relations);
        var copy = second[0];
        Assert.Equal(IndexStatus.Added, copy.Status);
        var relation = Assert.Single(copy.Relations);
        Assert.Equal(("wire", "copy", RelationKind.Exact), (relation.A, relation.B, relation.Kind));
        Assert.InRange(relation.Passages.Sum(p => p.SpanB.Length), PassageOne.Length - 20, PassageOne.Length);
        Assert.Equal(first[0].Story, copy.Story);
        Assert.NotEqual(copy.Story, second[1].Story);
        Assert.Empty(second[1].Relations);

        var story = await index.StoryAsync(copy.Story!.Value, Token);
        Assert.Equal(["wire", "copy"], story!.Members);
        Assert.Single(story.Relations);
        Assert.Equal("https://example.org/copy", (await index.GetAsync("copy", Token))!.Url);
        Assert.Equal(PassageOne, (await index.GetAsync("copy", Token))!.Text);
    }

    [Fact]
    public async Task Add_WithinOneBatch_MatchesTheBatchsEarlierDocuments()
    {
        using var index = await OpenAsync();
        var outcomes = await index.AddAsync([new Document("a", PassageOne), new Document("b", PassageOne + "\n\n" + PassageTwo), new Document("c", PassageTwo)], Token);

        Assert.Equal(RelationKind.Contains, Assert.Single(outcomes[1].Relations).Kind);
        Assert.Equal("b", Assert.Single(outcomes[2].Relations).A);
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Story, o.Story));
        var stats = await index.StatsAsync(Token);
        Assert.Equal((3L, 1L, 2L), (stats.Documents, stats.Stories, stats.Relations));
    }

    [Fact]
    public async Task Add_ABridgeDocument_MergesTwoStories_IntoTheOlder()
    {
        using var index = await OpenAsync();
        var a = (await index.AddAsync([new Document("a", PassageOne)], Token))[0];
        var c = (await index.AddAsync([new Document("c", PassageTwo)], Token))[0];
        Assert.NotEqual(a.Story, c.Story);

        var bridge = (await index.AddAsync([new Document("b", PassageOne + "\n\n" + PassageTwo)], Token))[0];

        Assert.Equal(a.Story, bridge.Story);
        Assert.Equal(["a", "c", "b"], (await index.StoryAsync(a.Story!.Value, Token))!.Members);
        Assert.Null(await index.StoryAsync(c.Story!.Value, Token));
    }

    [Fact]
    public async Task Add_SameIdAndContentAgain_ChangesNothing_OtherContentIsAConflict()
    {
        using var index = await OpenAsync();
        await index.AddAsync([new Document("a", PassageOne), new Document("b", PassageOne)], Token);
        var before = await index.StatsAsync(Token);

        var again = await index.AddAsync([new Document("b", PassageOne), new Document("a", PassageTwo)], Token);

        Assert.Equal(IndexStatus.Unchanged, again[0].Status);
        Assert.Equal(RelationKind.Exact, Assert.Single(again[0].Relations).Kind);
        Assert.Equal(IndexStatus.Conflict, again[1].Status);
        Assert.Contains("other content", again[1].Message);
        Assert.Equal(before, await index.StatsAsync(Token));
        Assert.Equal(PassageOne, (await index.GetAsync("a", Token))!.Text);
    }

    [Fact]
    public async Task Add_BadDocuments_AreRejectedWithAReason_AndTheRestKept()
    {
        using var index = await OpenAsync();
        var outcomes = await index.AddAsync([new Document("", PassageOne), new Document("big", new string('x', index.Options.MaxDocumentChars + 1)), new Document("ok", PassageTwo)], Token);

        Assert.Equal([IndexStatus.Rejected, IndexStatus.Rejected, IndexStatus.Added], outcomes.Select(o => o.Status));
        Assert.Contains("no id", outcomes[0].Message);
        Assert.Contains("more than the limit", outcomes[1].Message);
        Assert.Equal(1, (await index.StatsAsync(Token)).Documents);
    }

    [Fact]
    public async Task Match_FindsRelationsAndStory_WithoutAdding()
    {
        using var index = await OpenAsync();
        var added = await index.AddAsync([new Document("a", PassageOne)], Token);

        var match = (await index.MatchAsync([new Document("q", PassageOne + "\n\n" + PassageTwo), new Document("r", Unrelated)], Token));

        Assert.Equal(IndexStatus.Matched, match[0].Status);
        Assert.Equal(RelationKind.Contains, Assert.Single(match[0].Relations).Kind);
        Assert.Equal(added[0].Story, match[0].Story);
        Assert.Empty(match[1].Relations);
        Assert.Null(match[1].Story);
        Assert.Equal(1, (await index.StatsAsync(Token)).Documents);
    }

    [Fact]
    public async Task Remove_TheBridge_SplitsTheStory_AsARebuildWould()
    {
        using var index = await OpenAsync();
        await index.AddAsync([new Document("a", PassageOne), new Document("b", PassageOne + "\n\n" + PassageTwo), new Document("c", PassageTwo)], Token);

        Assert.True(await index.RemoveAsync("b", Token));
        Assert.False(await index.RemoveAsync("b", Token));

        var a = await index.GetAsync("a", Token);
        var c = await index.GetAsync("c", Token);
        Assert.NotEqual(a!.Story, c!.Story);
        Assert.Empty((await index.RelationsAsync("a", Token))!);
        Assert.Null(await index.RelationsAsync("b", Token));
        var stats = await index.StatsAsync(Token);
        Assert.Equal((2L, 2L, 0L), (stats.Documents, stats.Stories, stats.Relations));
        // Its postings are gone: a copy of it matches only what is left.
        var match = await index.MatchAsync([new Document("q", PassageOne + "\n\n" + PassageTwo)], Token);
        Assert.Equal(["a", "c"], match[0].Relations.Select(r => r.A).Order());
        // Numbers are not given again: a new document gets a fresh one.
        var added = await index.AddAsync([new Document("b", PassageTwo)], Token);
        Assert.True(added[0].Story is not null);
        Assert.Equal(c.Story, added[0].Story);
    }

    [Fact]
    public async Task Remove_RacingAnAddIntoTheStory_LeavesTheNewcomerWithItsPart()
    {
        Assert.SkipUnless(OpensShareTheIndex, "each open of this store is an index of its own");
        using var remover = await OpenAsync();
        using var adder = await OpenAsync();
        await remover.AddAsync([new Document("a", PassageOne), new Document("b", PassageOne + "\n\n" + PassageTwo), new Document("c", PassageTwo)], Token);

        // Another writer adds a copy of c after the remover read the story and before it commits: the copy joins the
        // story through b and c, then b is gone and the copy belongs with c, not with a.
        IndexOutcome? racing = null;
        remover.BeforeRemoveCommits = async () => racing = (await adder.AddAsync([new Document("d", PassageTwo)], Token))[0];
        Assert.True(await remover.RemoveAsync("b", Token));

        var a = await remover.GetAsync("a", Token);
        var c = await remover.GetAsync("c", Token);
        var d = await remover.GetAsync("d", Token);
        Assert.Equal<long?>(a!.Story, racing!.Story); // it joined the old story
        Assert.Equal(c!.Story, d!.Story);
        Assert.NotEqual(a.Story, c.Story);
        Assert.Equal(["c", "d"], (await remover.StoryAsync(c.Story, Token))!.Members);
        Assert.Equal(["a"], (await remover.StoryAsync(a.Story, Token))!.Members);
        var stats = await remover.StatsAsync(Token);
        Assert.Equal((3L, 2L, 1L), (stats.Documents, stats.Stories, stats.Relations));
    }

    [Fact]
    public async Task EmptyText_IsKept_AndPairsWithNothing()
    {
        using var index = await OpenAsync();
        var outcomes = await index.AddAsync([new Document("e1", ""), new Document("e2", "   ")], Token);

        Assert.All(outcomes, o => Assert.Equal(IndexStatus.Added, o.Status));
        Assert.All(outcomes, o => Assert.Empty(o.Relations));
        Assert.Equal(0, (await index.StatsAsync(Token)).Postings);
    }

    [Fact]
    public async Task Keys_AreStoredHashed_Verified_AndRevoked()
    {
        using var index = await OpenAsync();
        var (key, record) = await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Write, "ingest", Token);

        Assert.StartsWith("nd_", key);
        Assert.DoesNotContain(key, record.Hash);
        Assert.Equal(record.Id, (await ApiKeys.VerifyAsync(index.Store, key, Token))!.Id);
        Assert.Null(await ApiKeys.VerifyAsync(index.Store, key + "x", Token));
        Assert.Null(await ApiKeys.VerifyAsync(index.Store, null, Token));
        Assert.Single(await index.Store.ListKeysAsync(Token));

        Assert.True(await index.Store.RevokeKeyAsync(record.Id, DateTimeOffset.UtcNow, Token));
        Assert.False(await index.Store.RevokeKeyAsync(record.Id, DateTimeOffset.UtcNow, Token));
        Assert.Null(await ApiKeys.VerifyAsync(index.Store, key, Token));
    }

    [Fact]
    public async Task Seeds_TheTwoWireCopies_AreRelated_WithPassages()
    {
        using var index = await OpenAsync();
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new Document(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList();
        var outcomes = await index.AddAsync(seeds, Token);

        var wire = outcomes.Single(o => o.Id.StartsWith("003", StringComparison.Ordinal));
        var relation = Assert.Single(wire.Relations, r => r.A.StartsWith("001", StringComparison.Ordinal));
        Assert.Equal(RelationKind.SharedSource, relation.Kind);
        Assert.NotEmpty(relation.Passages);
        var text = seeds.Single(d => d.Id == relation.A).Text;
        Assert.All(relation.Passages, p => Assert.InRange(p.SpanA.End, 1, text.Length));
    }

    [Fact]
    public async Task ParallelReadersAndWriters_EndAsASequentialRun()
    {
        var documents = Enumerable.Range(0, 40).Select(i => new Document($"d{i}", i % 4 == 0 ? PassageOne + " " + i : RandomText.Text(new Random(100 + i), 120))).ToList();
        using var sequential = NearDupIndex.InMemory();
        foreach (var chunk in documents.Chunk(4))
        {
            await sequential.AddAsync(chunk, Token);
        }

        using var index = await OpenAsync();
        var writers = documents.Chunk(4).Select(chunk => Task.Run(() => index.AddAsync(chunk, Token), Token)).ToList();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => index.MatchAsync([new Document("q", PassageOne)], Token), Token)).ToList();
        await Task.WhenAll(writers);
        await Task.WhenAll(readers);

        Assert.Equal(await Snapshot(sequential), await Snapshot(index));
    }

    /// <summary>Relations as unordered pairs with kinds, and stories as sets of ids: what no order of writes may change.</summary>
    internal static async Task<(string Relations, string Stories)> Snapshot(NearDupIndex index)
    {
        var relations = new SortedSet<string>(StringComparer.Ordinal);
        var stories = new Dictionary<long, SortedSet<string>>();
        foreach (long n in await index.Store.ListDocumentsAsync(0, int.MaxValue, Token))
        {
            var doc = (await index.Store.ReadDocumentsAsync([n], false, Token))[0];
            if (!stories.TryGetValue(doc.Story, out var members))
            {
                stories[doc.Story] = members = new SortedSet<string>(StringComparer.Ordinal);
            }

            members.Add(doc.Id);
            foreach (var r in (await index.RelationsAsync(doc.Id, Token))!)
            {
                var (a, b) = string.CompareOrdinal(r.A, r.B) < 0 ? (r.A, r.B) : (r.B, r.A);
                relations.Add($"{a}~{b}:{r.Kind}");
            }
        }

        var storyText = stories.Values.Select(s => string.Join(",", s)).Order(StringComparer.Ordinal);
        return (string.Join("\n", relations), string.Join("\n", storyText));
    }
}
