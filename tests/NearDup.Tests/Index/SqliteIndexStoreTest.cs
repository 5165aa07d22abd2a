using Microsoft.Data.Sqlite;
using NearDup.Index;
using NearDup.Tests.Read;

namespace NearDup.Tests.Index;

public sealed class SqliteIndexStoreTest : IndexStoreTest
{
    private readonly TempFolder folder = new();

    private protected override IIndexStore CreateStore() => new SqliteIndexStore(folder.Path);

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
    public async Task TwoStoresOnOneFolder_EachSeesTheOthersDocuments()
    {
        string text = Fingerprint.RandomText.Text(new Random(8), 150);
        using var first = await OpenAsync();
        using var second = await OpenAsync(); // as a second process would: its postings were read before the first adds
        await first.AddAsync([new Document("a", text)], Token);

        var added = await second.AddAsync([new Document("b", text)], Token);
        var matched = await first.MatchAsync([new Document("c", text)], Token);

        Assert.Equal("a", Assert.Single(added[0].Relations).A);
        Assert.Equal(["a", "b"], matched[0].Relations.Select(r => r.A));
        Assert.Equal((await first.StatsAsync(Token)).Postings, (await second.StatsAsync(Token)).Postings);
    }

    [Fact]
    public async Task AnIndexWithPostingsInRows_IsMovedToPackedRows_AndMatchesAsBefore()
    {
        string text = Fingerprint.RandomText.Text(new Random(9), 150);
        long postings;
        using (var index = await OpenAsync())
        {
            await index.AddAsync([new Document("a", text)], Token);
            postings = (await index.StatsAsync(Token)).Postings;
        }

        // The layout of the first version: one row per posting.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, SqliteIndexStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE postings (kind INTEGER NOT NULL, key INTEGER NOT NULL, document INTEGER NOT NULL, PRIMARY KEY (kind, key, document)) WITHOUT ROWID";
            command.ExecuteNonQuery();
            using var move = connection.CreateCommand();
            move.CommandText = "SELECT document, body FROM document_postings";
            var rows = new List<(long Document, byte[] Body)>();
            using (var reader = move.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO postings VALUES ($kind, $key, $document)";
            insert.Parameters.AddWithValue("$kind", 0);
            insert.Parameters.AddWithValue("$key", 0L);
            insert.Parameters.AddWithValue("$document", 0L);
            foreach (var (document, body) in rows)
            {
                for (int at = 0; at < body.Length; at += 9)
                {
                    insert.Parameters[0].Value = (int)body[at];
                    insert.Parameters[1].Value = BitConverter.ToInt64(body, at + 1);
                    insert.Parameters[2].Value = document;
                    insert.ExecuteNonQuery();
                }
            }

            using var drop = connection.CreateCommand();
            drop.CommandText = "DELETE FROM document_postings";
            drop.ExecuteNonQuery();
        }

        using var reopened = await OpenAsync();
        Assert.Equal(postings, (await reopened.StatsAsync(Token)).Postings);
        var added = await reopened.AddAsync([new Document("b", text)], Token);
        Assert.Equal("a", Assert.Single(added[0].Relations).A);
    }

    [Fact]
    public async Task Texts_AreStoredCompressed_AndATextStoredPlainBefore_StillReads()
    {
        string text = string.Concat(Enumerable.Repeat("The council met on Tuesday — “again” — in Zürich. ", 40));
        using (var index = await OpenAsync())
        {
            await index.AddAsync([new Document("new", text), new Document("old", text + " Later.")], Token);
        }

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, SqliteIndexStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using var size = connection.CreateCommand();
            size.CommandText = "SELECT typeof(text), length(text) FROM documents WHERE id = 'new'";
            using (var reader = size.ExecuteReader())
            {
                Assert.True(reader.Read());
                Assert.Equal("blob", reader.GetString(0));
                Assert.True(reader.GetInt64(1) < text.Length / 4, $"{reader.GetInt64(1)} bytes stored for {text.Length} characters");
            }

            using var plain = connection.CreateCommand(); // as the first versions stored it
            plain.CommandText = "UPDATE documents SET text = $text WHERE id = 'old'";
            plain.Parameters.AddWithValue("$text", text + " Later.");
            plain.ExecuteNonQuery();
        }

        using var reopened = await OpenAsync();
        Assert.Equal(text, (await reopened.GetAsync("new", Token))!.Text);
        Assert.Equal(text + " Later.", (await reopened.GetAsync("old", Token))!.Text);
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
