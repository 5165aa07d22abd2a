using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace NearDup.Index;

/// <summary>
/// Posting lists: on disk one row per document (its postings packed in a blob, appended in document order), in memory
/// one <see cref="PostingTable"/> per kind, rebuilt from those rows when the store opens; with them the winnow count of
/// each document (4 bytes a document), which tells the small documents apart without reading them.
/// </summary>
/// <remarks>
/// Kept on disk by key, as a B-tree clustered on (kind, key, document), each new document's ~180 postings landed on
/// ~180 random pages, and every commit wrote them all to the log again: that was most of an add. A document's row is
/// appended instead, and a key's documents are found in memory (about 17 bytes a posting). Another process writing
/// the same index is noticed by a counter of commits in the settings, and the tables are then read again.
/// </remarks>
internal sealed partial class SqliteIndexStore
{
    private const int PostingBytes = 9; // kind (1 byte), key (8, little-endian)
    private const string CommitsSetting = "commits";
    private readonly ReaderWriterLockSlim postingLock = new(LockRecursionPolicy.NoRecursion);
    private PostingTable[] tables = NewTables();
    private long commits = -1; // the commit counter the tables reflect; -1 before they are read
    private int[] winnowCounts = []; // by document number: its winnow fingerprints + 1, 0 when there is no such document

    private static PostingTable[] NewTables() => [new(), new(), new(), new()]; // indexed by PostingKind (1..3)

    private static PostingTable Table(PostingTable[] tables, PostingKind kind) =>
        (int)kind is >= 1 and <= 3 ? tables[(int)kind] : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown posting kind.");

    /// <summary>Reads the tables again when another connection (another process) committed since they were read.</summary>
    private void EnsurePostingsCurrent()
    {
        long stored = Read(ReadCommits);
        postingLock.EnterReadLock();
        try
        {
            if (stored == commits)
            {
                return;
            }
        }
        finally
        {
            postingLock.ExitReadLock();
        }

        lock (writeGate)
        {
            postingLock.EnterWriteLock();
            try
            {
                stored = ReadCommits(writer);
                if (stored != commits)
                {
                    LoadPostings(stored);
                }
            }
            finally
            {
                postingLock.ExitWriteLock();
            }
        }
    }

    private static long ReadCommits(Session session)
    {
        var command = session.Command($"SELECT value FROM settings WHERE name = '{CommitsSetting}'");
        return command.ExecuteScalar() is string value ? long.Parse(value, CultureInfo.InvariantCulture) : 0;
    }

    // Called with the write gate and the posting lock held.
    private void LoadPostings(long stored)
    {
        var loaded = NewTables();
        using var reader = writer.Command("SELECT document, body FROM document_postings ORDER BY document").ExecuteReader();
        while (reader.Read())
        {
            long document = reader.GetInt64(0);
            var body = reader.GetFieldValue<byte[]>(1);
            for (int at = 0; at + PostingBytes <= body.Length; at += PostingBytes)
            {
                Table(loaded, (PostingKind)body[at]).Add(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(at + 1)), document);
            }
        }

        var counts = new List<int>();
        using (var sizes = writer.Command("SELECT number, length(winnow) FROM documents").ExecuteReader())
        {
            while (sizes.Read())
            {
                int number = checked((int)sizes.GetInt64(0));
                while (counts.Count <= number)
                {
                    counts.Add(0);
                }

                counts[number] = (sizes.GetInt32(1) / sizeof(ulong)) + 1;
            }
        }

        tables = loaded;
        winnowCounts = [.. counts];
        commits = stored;
    }

    private void SetWinnowCount(long number, int count)
    {
        if (number >= winnowCounts.Length)
        {
            Array.Resize(ref winnowCounts, (int)Math.Max(number + 1, winnowCounts.Length * 2L));
        }

        winnowCounts[number] = count;
    }

    /// <summary>Moves the postings of an index made before they were packed per document (one row per posting) into the packed rows.</summary>
    private static void MigrateLegacyPostings(SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'postings'";
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        var byDocument = new SortedDictionary<long, List<IndexPosting>>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT kind, key, document FROM postings";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                long document = reader.GetInt64(2);
                if (!byDocument.TryGetValue(document, out var list))
                {
                    byDocument[document] = list = [];
                }

                list.Add(new IndexPosting((PostingKind)reader.GetInt32(0), unchecked((ulong)reader.GetInt64(1)), document));
            }
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO document_postings (document, body) VALUES ($document, $body)";
        insert.Parameters.Add(new SqliteParameter("$document", 0L));
        insert.Parameters.Add(new SqliteParameter("$body", Array.Empty<byte>()));
        foreach (var (document, list) in byDocument)
        {
            insert.Parameters[0].Value = document;
            insert.Parameters[1].Value = Pack(list);
            insert.ExecuteNonQuery();
        }

        using var drop = connection.CreateCommand();
        drop.Transaction = transaction;
        drop.CommandText = "DROP TABLE postings";
        drop.ExecuteNonQuery();
        transaction.Commit();
    }

    private static byte[] Pack(List<IndexPosting> postings) => Pack(CollectionsMarshal.AsSpan(postings));

    private static byte[] Pack(ReadOnlySpan<IndexPosting> postings)
    {
        var body = new byte[postings.Length * PostingBytes];
        for (int i = 0; i < postings.Length; i++)
        {
            body[i * PostingBytes] = (byte)postings[i].Kind;
            BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan((i * PostingBytes) + 1), postings[i].Key);
        }

        return body;
    }

    // Writes the batch's postings in its transaction (one packed row per document) and the commit counter.
    private void WritePostings(SqliteTransaction transaction, IndexBatch batch, long counter)
    {
        foreach (long n in batch.Removed)
        {
            Execute(transaction, "DELETE FROM document_postings WHERE document = $n", n);
        }

        // An add files each document's postings together: one row a run (a document met again is appended to).
        var insert = Prepared(transaction,
            "INSERT INTO document_postings (document, body) VALUES ($document, $body) ON CONFLICT(document) DO UPDATE SET body = body || excluded.body",
            "$document", "$body");
        var postings = CollectionsMarshal.AsSpan(batch.Postings);
        for (int start = 0; start < postings.Length;)
        {
            long document = postings[start].Document;
            int end = start + 1;
            while (end < postings.Length && postings[end].Document == document)
            {
                end++;
            }

            insert.Parameters[0].Value = document;
            insert.Parameters[1].Value = Pack(postings[start..end]);
            insert.ExecuteNonQuery();
            start = end;
        }

        Execute(transaction, $"INSERT INTO settings(name, value) VALUES ('{CommitsSetting}', $n) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            counter.ToString(CultureInfo.InvariantCulture));
    }

    // Applies the batch to the tables; called with the posting lock held, after the transaction committed.
    private void ApplyPostings(IndexBatch batch, long counter)
    {
        foreach (var p in batch.RemovedPostings)
        {
            Table(tables, p.Kind).Remove(p.Key, p.Document);
        }

        foreach (var p in batch.Postings)
        {
            Table(tables, p.Kind).Add(p.Key, p.Document);
        }

        foreach (long n in batch.Removed)
        {
            SetWinnowCount(n, 0);
        }

        foreach (var d in batch.Documents)
        {
            SetWinnowCount(d.Number, d.Winnow.Length + 1);
        }

        commits = counter;
    }

    private long PostingCount()
    {
        EnsurePostingsCurrent();
        postingLock.EnterReadLock();
        try
        {
            return tables.Sum(t => t.Count);
        }
        finally
        {
            postingLock.ExitReadLock();
        }
    }

    // Not EnsurePostingsCurrent (a statement): the numbers come from posting lists read just before, and the counts
    // loaded with those lists answer for them; a document removed since has count 0 and is left out.
    private List<long> FindSmallDocuments(IReadOnlyList<long> numbers, int maxWinnow)
    {
        var found = new List<long>();
        postingLock.EnterReadLock();
        try
        {
            foreach (long n in numbers)
            {
                if (n > 0 && n < winnowCounts.Length && winnowCounts[n] is > 0 and var count && count - 1 <= maxWinnow)
                {
                    found.Add(n);
                }
            }
        }
        finally
        {
            postingLock.ExitReadLock();
        }

        return found;
    }

    public void ReadPostingLists(PostingKind kind, IEnumerable<ulong> keys, long[]? common, Dictionary<ulong, long[]> into)
    {
        EnsurePostingsCurrent();
        postingLock.EnterReadLock();
        try
        {
            var table = Table(tables, kind);
            foreach (ulong key in keys)
            {
                if (table.List(key, common) is { } list)
                {
                    into[key] = list;
                }
            }
        }
        finally
        {
            postingLock.ExitReadLock();
        }
    }

    private List<IndexPosting> ReadPostings(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey)
    {
        EnsurePostingsCurrent();
        var found = new List<IndexPosting>(keys.Count); // most keys hold one document
        postingLock.EnterReadLock();
        try
        {
            var table = Table(tables, kind);
            foreach (ulong key in keys)
            {
                table.Read(kind, key, limitPerKey, found);
            }
        }
        finally
        {
            postingLock.ExitReadLock();
        }

        return found;
    }
}
