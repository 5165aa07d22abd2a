using NearDup.Index;
using NearDup.Tests.Read;

namespace NearDup.Tests.Index;

public sealed class SqliteIndexStoreTest : IndexStoreTest
{
    private readonly TempFolder folder = new();

    protected override IIndexStore CreateStore() => new SqliteIndexStore(folder.Path);

    public override void Dispose()
    {
        folder.Dispose();
        base.Dispose();
    }

    [Fact]
    public async Task Reopened_TheIndexHoldsWhatWasCommitted()
    {
        string text = Fingerprint.RandomText.Text(new Random(7), 150);
        using (var index = await OpenAsync())
        {
            await index.AddAsync([new Document("a", text), new Document("b", text)], Token);
        }

        using var reopened = await OpenAsync();
        Assert.Equal(text, (await reopened.GetAsync("b", Token))!.Text);
        Assert.Single((await reopened.RelationsAsync("b", Token))!);
        var added = await reopened.AddAsync([new Document("c", text)], Token);
        Assert.Equal(2, added[0].Relations.Count);
    }

    [Fact]
    public async Task Reopened_WithOtherFingerprintSettings_Fails()
    {
        using (await OpenAsync())
        {
        }

        var other = new IndexOptions { Fingerprint = new() { ShingleSize = 3 } };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => NearDupIndex.OpenAsync(folder.Path, other, Token));
        Assert.Contains("shingle=5", e.Message);
    }

    [Fact]
    public async Task Ids_WithQuotesAndSql_AreStoredAsGiven()
    {
        using var index = await OpenAsync();
        const string id = "x'); DROP TABLE documents; --";
        await index.AddAsync([new Document(id, "some text here")], Token);

        Assert.Equal(id, (await index.GetAsync(id, Token))!.Id);
        Assert.Equal(1, (await index.StatsAsync(Token)).Documents);
    }
}
