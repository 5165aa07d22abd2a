namespace NearDup.Index;

/// <summary>
/// Checkpoints beside the writer: the write-ahead log is copied into the database (and synced) by a background task
/// on a connection of its own, not inside a commit. SQLite's automatic checkpoint runs in the committing call, every
/// 1,000 pages: it wrote the pages back and synced the file on the add's serial path.
/// </summary>
internal sealed partial class SqliteIndexStore
{
    // Commits between checkpoints: a batch of 100 news articles writes ~150 pages, so about SQLite's 1,000.
    private const int CheckpointEvery = 8;

    private Session? checkpointSession; // used by one checkpoint at a time
    private Task checkpointing = Task.CompletedTask;
    private int sinceCheckpoint;

    // Called under the write gate after a commit: starts a passive checkpoint when one is due and none runs. A passive
    // checkpoint neither waits for nor blocks readers and the writer; what it leaves is taken by the next.
    private void CheckpointWhenDue()
    {
        if (++sinceCheckpoint < CheckpointEvery || !checkpointing.IsCompleted)
        {
            return;
        }

        sinceCheckpoint = 0;
        checkpointing = Task.Run(() =>
        {
            checkpointSession ??= new Session(connectionString);
            using var command = checkpointSession.Connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        });
    }

    // The writer leaves checkpoints to CheckpointWhenDue; the log file is cut back to 64 MB when it restarts.
    private static void LeaveCheckpoints(Session writer)
    {
        using var command = writer.Connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;";
        command.ExecuteNonQuery();
    }

    // Waits for a running checkpoint and closes its connection (on disposal; closing the last connection checkpoints).
    private void StopCheckpoints()
    {
        try
        {
            checkpointing.Wait();
        }
        catch (AggregateException)
        {
            // A failed checkpoint loses nothing: the log keeps every commit, and the next open checkpoints it.
        }

        checkpointSession?.Dispose();
    }
}
