using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace NearDup.Index;

/// <summary>Writes: one transaction per batch, and the API keys.</summary>
internal sealed partial class SqliteIndexStore
{
    public Task CommitAsync(IndexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (batch.IsEmpty)
        {
            return Task.CompletedTask;
        }

        EnsurePostingsCurrent();
        // Compressed before the write lock, in parallel: the commit itself is serial.
        var texts = new byte[batch.Documents.Count][];
        Parallel.For(0, texts.Length, i => texts[i] = StoredText.Compress(batch.Documents[i].Text ?? throw new ArgumentException($"Document '{batch.Documents[i].Id}' has no text.", nameof(batch))));
        lock (writeGate)
        {
            // Readers wait (the posting lock) until the transaction has committed and the tables hold the batch, so
            // that postings never name uncommitted documents and the commit counter they compare matches the tables.
            // The tables take the batch on another thread, beside the transaction's writes: both are serial.
            long counter = commits + 1;
            postingLock.EnterWriteLock();
            try
            {
                var applying = Task.Run(() => ApplyPostings(batch, counter));
                bool written = false;
                try
                {
                    Write(batch, texts, counter);
                    written = true;
                }
                finally
                {
                    // When either failed the tables may not be what the database holds: they are read again at next use.
                    if (!Finished(applying) || !written)
                    {
                        commits = -1;
                    }
                }
            }
            finally
            {
                postingLock.ExitWriteLock();
            }

            CheckpointWhenDue();
        }

        return Task.CompletedTask;
    }

    // One transaction: the batch's documents, postings, relations and story moves.
    private void Write(IndexBatch batch, byte[][] texts, long counter)
    {
        using var transaction = writer.Connection.BeginTransaction();
        foreach (long n in batch.Removed)
        {
            Execute(transaction, "DELETE FROM relations WHERE a = $n", n);
            Execute(transaction, "DELETE FROM relations WHERE b = $n", n);
            Execute(transaction, "DELETE FROM documents WHERE number = $n", n);
        }

        foreach (var move in batch.StoryMoves)
        {
            Execute(transaction, "UPDATE documents SET story = $to WHERE story = $from", move.To, move.From, "$to", "$from");
        }

        foreach (var (n, story) in batch.StoryAssignments)
        {
            Execute(transaction, "UPDATE documents SET story = $to WHERE number = $n", story, n, "$to", "$n");
        }

        var insert = Prepared(transaction,
            "INSERT INTO documents (number, id, content_hash, signature, winnow, token_count, story, url, source, published, text, vector, entities) " +
            "VALUES ($number, $id, $hash, $signature, $winnow, $tokens, $story, $url, $source, $published, $text, $vector, $entities)",
            "$number", "$id", "$hash", "$signature", "$winnow", "$tokens", "$story", "$url", "$source", "$published", "$text", "$vector", "$entities");
        long last = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            var d = batch.Documents[i];
            var p = insert.Parameters;
            p[0].Value = d.Number;
            p[1].Value = d.Id;
            p[2].Value = unchecked((long)d.ContentHash);
            p[3].Value = MemoryMarshal.AsBytes(d.Signature.AsSpan()).ToArray();
            p[4].Value = MemoryMarshal.AsBytes(d.Winnow.AsSpan()).ToArray();
            p[5].Value = d.TokenCount;
            p[6].Value = d.Story;
            p[7].Value = (object?)d.Url ?? DBNull.Value;
            p[8].Value = (object?)d.Source ?? DBNull.Value;
            p[9].Value = d.Published is { } date ? date.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            p[10].Value = texts[i];
            p[11].Value = d.Vector is { } vector ? MemoryMarshal.AsBytes(vector.AsSpan()).ToArray() : DBNull.Value;
            p[12].Value = d.Entities is { } entities ? MemoryMarshal.AsBytes(entities.AsSpan()).ToArray() : DBNull.Value;
            insert.ExecuteNonQuery();
            last = Math.Max(last, d.Number);
        }

        if (last > 0)
        {
            Execute(transaction, "INSERT INTO settings(name, value) VALUES ('last_number', $n) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                last.ToString(CultureInfo.InvariantCulture));
        }

        WritePostings(transaction, batch, counter);

        var addRelation = Prepared(transaction, "INSERT OR REPLACE INTO relations (a, b, kind, body) VALUES ($a, $b, $kind, $body)", "$a", "$b", "$kind", "$body");
        foreach (var r in batch.Relations)
        {
            addRelation.Parameters[0].Value = r.A;
            addRelation.Parameters[1].Value = r.B;
            addRelation.Parameters[2].Value = (int)r.Relation.Kind;
            addRelation.Parameters[3].Value = RelationJson.Write(r.Relation);
            addRelation.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    // Waits for a task; false when it failed.
    private static bool Finished(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public Task AddKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (writeGate)
        {
            var command = writer.Command("INSERT INTO api_keys (hash, id, role, name, created, revoked) VALUES ($hash, $id, $role, $name, $created, NULL)",
                "$hash", "$id", "$role", "$name", "$created");
            command.Parameters[0].Value = key.Hash;
            command.Parameters[1].Value = key.Id;
            command.Parameters[2].Value = (int)key.Role;
            command.Parameters[3].Value = key.Name;
            command.Parameters[4].Value = key.Created.ToString("O", CultureInfo.InvariantCulture);
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    public Task<ApiKey?> FindKeyAsync(string hash, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(s =>
        {
            var command = s.Command("SELECT id, hash, role, name, created, revoked FROM api_keys WHERE hash = $hash", "$hash");
            command.Parameters[0].Value = hash;
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadKey(reader) : null;
        }));

    public Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApiKey>>(Read(s =>
        {
            var found = new List<ApiKey>();
            using var reader = s.Command("SELECT id, hash, role, name, created, revoked FROM api_keys ORDER BY created").ExecuteReader();
            while (reader.Read())
            {
                found.Add(ReadKey(reader));
            }

            return found;
        }));

    public Task<bool> RevokeKeyAsync(string id, DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        lock (writeGate)
        {
            var command = writer.Command("UPDATE api_keys SET revoked = $when WHERE id = $id AND revoked IS NULL", "$when", "$id");
            command.Parameters[0].Value = when.ToString("O", CultureInfo.InvariantCulture);
            command.Parameters[1].Value = id;
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    private static ApiKey ReadKey(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), (ApiKeyRole)reader.GetInt32(2), reader.GetString(3),
            DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
            reader.IsDBNull(5) ? null : DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture));

    private SqliteCommand Prepared(SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = writer.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    private void Execute(SqliteTransaction transaction, string sql, object value) =>
        Execute(transaction, sql, value, null, "$n", null);

    private void Execute(SqliteTransaction transaction, string sql, object first, object? second, string firstName, string? secondName)
    {
        var command = secondName is null ? Prepared(transaction, sql, firstName) : Prepared(transaction, sql, firstName, secondName);
        command.Parameters[0].Value = first;
        if (secondName is not null)
        {
            command.Parameters[1].Value = second;
        }

        command.ExecuteNonQuery();
    }
}
