using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace NearDup.Index;

/// <summary>
/// The embedded store on disk: one SQLite database in write-ahead-log mode. Each <see cref="CommitAsync"/> is one
/// transaction with <c>synchronous=NORMAL</c>, so an acknowledged batch survives a killed process (a power cut or an OS
/// crash can lose the last batches, whole), and a batch cut off half way is rolled back on the next open. Every statement is prepared and parameterized.
/// </summary>
/// <remarks>
/// Readers run beside the writer (WAL), each on a connection of its own taken from a small pool; writes are
/// serialized on one connection. Keys are stored as 64-bit integers; posting lists are packed one row per document on
/// disk and looked up in memory (<c>SqliteIndexStore.Postings.cs</c>).
/// </remarks>
internal sealed partial class SqliteIndexStore : IIndexStore, IPostingListReader
{
    /// <summary>The database's file name inside the index folder.</summary>
    public const string FileName = "index.db";

    // Keys go this many at a time into one IN list: one statement per chunk, not one per key. Not more: the provider
    // binds each parameter by name, a linear search among the statement's parameters.
    private const int KeysPerRead = 64;
    private static readonly string[] InParameters = [.. Enumerable.Range(0, KeysPerRead).Select(i => "$k" + i)];
    private static readonly string InList = $"IN ({string.Join(", ", InParameters)})";
    private const string DocumentColumns = "number, id, content_hash, signature, winnow, token_count, story, url, source, published, vector, entities";
    private readonly string path;
    private readonly string connectionString;
    private readonly ConcurrentBag<Session> readers = [];
    private readonly Session writer;
    private readonly Lock writeGate = new();
    private bool disposed;

    /// <summary>Opens (or creates) the index in <paramref name="directory"/>, creating the folder when missing.</summary>
    public SqliteIndexStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, FileName);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // connections are pooled here; closing one must release the file
        }.ToString();
        writer = new Session(connectionString);
        CreateSchema(writer.Connection);
        LeaveCheckpoints(writer);
        MigrateLegacyPostings(writer.Connection);
        // The posting tables are read on first use: keys and settings need none of them.
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => path;

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(s =>
        {
            var command = s.Command("SELECT value FROM settings WHERE name = $name", "$name");
            command.Parameters[0].Value = name;
            return command.ExecuteScalar() as string;
        }));

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        lock (writeGate)
        {
            var command = writer.Command("INSERT INTO settings(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value", "$name", "$value");
            command.Parameters[0].Value = name;
            command.Parameters[1].Value = value;
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    public Task<long> NextNumberAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(s =>
        {
            // The high-water mark is kept apart from the documents, so a removed last document's number is not given again.
            var command = s.Command("SELECT COALESCE(MAX(value), 0) + 1 FROM (SELECT MAX(number) AS value FROM documents UNION ALL SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'last_number')");
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }));

    public Task<IReadOnlyList<IndexPosting>> ReadPostingsAsync(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Task.FromResult<IReadOnlyList<IndexPosting>>(ReadPostings(kind, keys, limitPerKey));
    }

    public Task<IReadOnlyList<IndexedDocument>> ReadDocumentsAsync(IReadOnlyList<long> numbers, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return Task.FromResult<IReadOnlyList<IndexedDocument>>(Read(s =>
        {
            var command = withText
                ? s.Command($"SELECT {DocumentColumns}, text FROM documents WHERE number {InList}", InParameters)
                : s.Command($"SELECT {DocumentColumns} FROM documents WHERE number {InList}", InParameters);
            return ReadIn(command, numbers.Distinct().Select(n => (object)n).ToList(), withText);
        }));
    }

    public Task<IReadOnlyList<long>> FindSmallDocumentsAsync(IReadOnlyList<long> numbers, int maxWinnow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return Task.FromResult<IReadOnlyList<long>>(FindSmallDocuments(numbers, maxWinnow));
    }

    public Task<IReadOnlyList<IndexedDocument>> FindDocumentsAsync(IReadOnlyList<string> ids, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Task.FromResult<IReadOnlyList<IndexedDocument>>(Read(s =>
        {
            var command = withText
                ? s.Command($"SELECT {DocumentColumns}, text FROM documents WHERE id {InList}", InParameters)
                : s.Command($"SELECT {DocumentColumns} FROM documents WHERE id {InList}", InParameters);
            return ReadIn(command, ids.Distinct(StringComparer.Ordinal).Select(id => (object)id).ToList(), withText);
        }));
    }

    public Task<IReadOnlyList<long>> ListDocumentsAsync(long after, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<long>>(Read(s =>
        {
            var command = s.Command("SELECT number FROM documents WHERE number > $after ORDER BY number LIMIT $count", "$after", "$count");
            command.Parameters[0].Value = after;
            command.Parameters[1].Value = count;
            return Longs(command);
        }));

    public Task<IReadOnlyList<long>> ReadStoryAsync(long story, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<long>>(Read(s =>
        {
            var command = s.Command("SELECT number FROM documents WHERE story = $story ORDER BY number", "$story");
            command.Parameters[0].Value = story;
            return Longs(command);
        }));

    public Task<IReadOnlyList<IndexedRelation>> ReadRelationsAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.FromResult<IReadOnlyList<IndexedRelation>>(Read(s =>
        {
            var seen = new HashSet<(long, long)>();
            var found = new List<IndexedRelation>();
            var command = s.Command("SELECT a, b, body FROM relations WHERE a = $d UNION ALL SELECT a, b, body FROM relations WHERE b = $d", "$d");
            foreach (long d in documents)
            {
                command.Parameters[0].Value = d;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    long a = reader.GetInt64(0), b = reader.GetInt64(1);
                    if (seen.Add((a, b)))
                    {
                        found.Add(new IndexedRelation(a, b, RelationJson.Read(reader.GetString(2))));
                    }
                }
            }

            return found;
        }));
    }

    public Task<IndexStats> ReadStatsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(s =>
        {
            long Count(string sql) => Convert.ToInt64(s.Command(sql).ExecuteScalar(), CultureInfo.InvariantCulture);
            long bytes = 0;
            foreach (string file in new[] { path, path + "-wal" })
            {
                if (File.Exists(file))
                {
                    bytes += new FileInfo(file).Length;
                }
            }

            return new IndexStats(
                Count("SELECT COUNT(*) FROM documents"),
                Count("SELECT COUNT(DISTINCT story) FROM documents"),
                Count("SELECT COUNT(*) FROM relations"),
                PostingCount(),
                bytes);
        }));

    public Stream? OpenSnapshot(string name)
    {
        string file = SnapshotPath(name);
        return File.Exists(file) ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16) : null;
    }

    // Written beside the database under another name, synced, then renamed over the old one: a reader finds the old
    // snapshot or the new one, never half of one.
    public void SaveSnapshot(string name, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string file = SnapshotPath(name);
        string temporary = file + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
    }

    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        lock (writeGate)
        {
            using var command = writer.Connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        lock (writeGate)
        {
            StopCheckpoints();
            writer.Dispose();
        }

        while (readers.TryTake(out var session))
        {
            session.Dispose();
        }

        postingLock.Dispose();
    }

    private string SnapshotPath(string name)
    {
        if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException($"A snapshot name is letters, digits and '-', not '{name}'.", nameof(name));
        }

        return Path.Combine(Path.GetDirectoryName(path)!, name + ".snapshot");
    }

    private static void CreateSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS documents (
                number INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                content_hash INTEGER NOT NULL,
                signature BLOB NOT NULL,
                winnow BLOB NOT NULL,
                token_count INTEGER NOT NULL,
                story INTEGER NOT NULL,
                url TEXT,
                source TEXT,
                published TEXT,
                text TEXT NOT NULL,
                vector BLOB,
                entities BLOB);
            CREATE INDEX IF NOT EXISTS documents_story ON documents(story);
            CREATE TABLE IF NOT EXISTS document_postings (document INTEGER PRIMARY KEY, body BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS relations (a INTEGER NOT NULL, b INTEGER NOT NULL, kind INTEGER NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (a, b)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS relations_b ON relations(b);
            CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, id TEXT NOT NULL, role INTEGER NOT NULL, name TEXT NOT NULL,
                created TEXT NOT NULL, revoked TEXT) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();

        // Document vectors and entity keys came with meaning-level matching; an index made before has no columns for them.
        foreach (string column in new[] { "vector", "entities" })
        {
            using var columns = connection.CreateCommand();
            columns.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = '{column}'";
            if (Convert.ToInt64(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                using var add = connection.CreateCommand();
                add.CommandText = $"ALTER TABLE documents ADD COLUMN {column} BLOB";
                add.ExecuteNonQuery();
            }
        }
    }

    private T Read<T>(Func<Session, T> read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!readers.TryTake(out var session))
        {
            session = new Session(connectionString);
        }

        try
        {
            return read(session);
        }
        finally
        {
            if (disposed)
            {
                session.Dispose();
            }
            else
            {
                readers.Add(session);
            }
        }
    }

    // Reads the rows whose key is one of the distinct values of keys, KeysPerRead to a statement; a short last chunk
    // repeats its last value, which IN ignores.
    private static List<IndexedDocument> ReadIn(SqliteCommand command, List<object> keys, bool withText)
    {
        var found = new List<IndexedDocument>(keys.Count);
        for (int start = 0; start < keys.Count; start += KeysPerRead)
        {
            for (int i = 0; i < KeysPerRead; i++)
            {
                command.Parameters[i].Value = keys[Math.Min(start + i, keys.Count - 1)];
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(ReadDocument(reader, withText));
            }
        }

        return found;
    }

    private static IndexedDocument ReadDocument(SqliteDataReader reader, bool withText) =>
        new(reader.GetInt64(0), reader.GetString(1), unchecked((ulong)reader.GetInt64(2)),
            MemoryMarshal.Cast<byte, uint>(reader.GetFieldValue<byte[]>(3)).ToArray(),
            MemoryMarshal.Cast<byte, ulong>(reader.GetFieldValue<byte[]>(4)).ToArray(),
            reader.GetInt32(5), reader.GetInt64(6))
        {
            Url = reader.IsDBNull(7) ? null : reader.GetString(7),
            Source = reader.IsDBNull(8) ? null : reader.GetString(8),
            Published = reader.IsDBNull(9) ? null : DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture),
            Vector = reader.IsDBNull(10) ? null : MemoryMarshal.Cast<byte, float>(reader.GetFieldValue<byte[]>(10)).ToArray(),
            Entities = reader.IsDBNull(11) ? null : MemoryMarshal.Cast<byte, ulong>(reader.GetFieldValue<byte[]>(11)).ToArray(),
            Text = !withText ? null
                : reader.GetFieldType(12) == typeof(byte[]) ? StoredText.Decompress(reader.GetFieldValue<byte[]>(12))
                : reader.GetString(12), // a row written before texts were compressed
        };

    private static List<long> Longs(SqliteCommand command)
    {
        var found = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
    }

    /// <summary>One connection with its prepared statements, used by one thread at a time.</summary>
    private sealed class Session : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

        public Session(string connectionString)
        {
            Connection = new SqliteConnection(connectionString);
            Connection.Open();
            using var pragma = Connection.CreateCommand();
            // NORMAL in WAL mode: a commit is in the log file before it returns, so it survives a killed process (the
            // OS has the write); the log is synced at checkpoints, so a power cut or OS crash can lose the last
            // commits, never half of one. FULL (an fsync per commit) cost a third of an add. A page cache of 64 MB and memory-mapped reads: postings are inserted at random keys, and with SQLite's
            // default 2 MB cache each insert read its B-tree pages back from the file (ingest 11 times slower).
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = OFF; " +
                "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;";
            pragma.ExecuteNonQuery();
        }

        public SqliteConnection Connection { get; }

        /// <summary>The prepared statement for <paramref name="sql"/>, made once per connection.</summary>
        public SqliteCommand Command(string sql, params string[] parameters)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                foreach (string name in parameters)
                {
                    command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
                }

                command.Prepare();
                commands[sql] = command;
            }

            command.Transaction = null;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            Connection.Dispose();
        }
    }
}
