using System.CommandLine;
using System.Text.Json;
using NearDup.Index;
using NearDup.Read;

namespace NearDup.Cli;

/// <summary><c>neardup index add|query|remove|stats|compact</c>: a persistent index that new documents are matched against.</summary>
internal static class IndexCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create() => new("index", "A persistent index: add documents as they come, each matched at once against everything indexed.")
    {
        Add(), Query(), Remove(), Stats(), Compact(),
    };

    /// <summary>The <c>--index DIR</c> option every index and keys command takes.</summary>
    internal static Option<string> IndexOption() => new("--index", "--store") { Description = "The index folder (created when missing), or redis://host:port[,host:port...][/prefix] for an index on Redis Cluster. Required (here or in neardup.json)." };

    /// <summary>
    /// The <c>--semantic</c> option of the commands that match (index add, index query, serve); the same modes as
    /// scan's, minilm by default as there.
    /// </summary>
    internal static Option<string> SemanticOption()
    {
        var option = new Option<string>("--semantic")
        {
            Description = "Meaning-level matching (paraphrase, same story) against the index: minilm (static-embedding neighbours verified by the transformer), static (static embeddings only, fast), or off (lexical only, fastest).",
            DefaultValueFactory = _ => "minilm",
        };
        option.AcceptOnlyFromAmong(Presets.SemanticModes);
        return option;
    }

    /// <summary>The index settings of <c>--semantic</c> <paramref name="mode"/>; the rest as in <c>scan --preset lexical</c>.</summary>
    internal static IndexOptions Settings(string mode) => IndexOptions.From(Presets.WithSemantic(ScanPresets.Lexical, mode, null));

    private static Command Add()
    {
        var inputs = new Argument<string[]>("input") { Description = "Folders, .jsonl, .csv/.tsv, .parquet, .warc, .html or .txt files (any of them .gz/.zst), or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var index = IndexOption();
        var batchSize = new Option<int>("--batch-size") { Description = "Documents per commit.", DefaultValueFactory = _ => 500 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no progress on standard error (problems are still reported there)." };
        var semantic = SemanticOption();
        var command = new Command("add", "Add documents: each is matched against the index, joins or starts a story, and is kept. Re-adding an id with the same content changes nothing.")
        {
            inputs, index, batchSize, quiet, semantic,
        };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            int size = Math.Max(1, parse.GetValue(batchSize));
            bool silent = parse.GetValue(quiet);
            var problems = new InputProblems(p => Console.Error.WriteLine((p.Severity == InputProblemSeverity.Note ? "note: " : "skipped: ") + p));
            using var opened = await OpenAsync(parse.GetValue(index)!, cancellationToken, Settings(parse.GetValue(semantic)!)).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            var counts = new Dictionary<IndexStatus, long>();
            bool missing = false;
            foreach (string path in parse.GetValue(inputs)!)
            {
                if (path != DocumentReaders.StandardInput && !File.Exists(path) && !Directory.Exists(path))
                {
                    await Console.Error.WriteLineAsync($"skipped: {path}: input not found").ConfigureAwait(false);
                    missing = true;
                    continue;
                }

                // One batch is read and fingerprinted while the last is added: adds keep the order they were called in.
                Task<IReadOnlyList<IndexOutcome>>? adding = null;
                var batch = new List<Document>(size);
                await foreach (var doc in DocumentReaders.Open(path, ReaderOptions.Default, problems).ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Add(doc);
                    if (batch.Count == size)
                    {
                        var next = opened.AddAsync(batch, cancellationToken);
                        await CountAsync(adding, counts, silent).ConfigureAwait(false);
                        adding = next;
                        batch = new List<Document>(size);
                    }
                }

                if (batch.Count > 0)
                {
                    var next = opened.AddAsync(batch, cancellationToken);
                    await CountAsync(adding, counts, silent).ConfigureAwait(false);
                    adding = next;
                }

                await CountAsync(adding, counts, silent).ConfigureAwait(false);
            }

            var stats = await opened.StatsAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"added {counts.GetValueOrDefault(IndexStatus.Added)}, unchanged {counts.GetValueOrDefault(IndexStatus.Unchanged)}, " +
                $"conflicts {counts.GetValueOrDefault(IndexStatus.Conflict)}, rejected {counts.GetValueOrDefault(IndexStatus.Rejected)}; " +
                $"the index holds {stats.Documents} documents in {stats.Stories} stories, {stats.Relations} relations");
            bool skipped = missing || problems.Skipped > 0 || counts.GetValueOrDefault(IndexStatus.Conflict) > 0 || counts.GetValueOrDefault(IndexStatus.Rejected) > 0;
            return skipped ? ExitCodes.InputSkipped : ExitCodes.Ok;
        }, index);
        return command;
    }

    // Counts the outcomes of an add, once it has answered.
    private static async Task CountAsync(Task<IReadOnlyList<IndexOutcome>>? adding, Dictionary<IndexStatus, long> counts, bool quiet)
    {
        if (adding is null)
        {
            return;
        }

        foreach (var outcome in await adding.ConfigureAwait(false))
        {
            counts[outcome.Status] = counts.GetValueOrDefault(outcome.Status) + 1;
            if (outcome.Message is not null)
            {
                await Console.Error.WriteLineAsync($"skipped: {outcome.Id}: {outcome.Message}").ConfigureAwait(false);
            }
        }

        if (!quiet)
        {
            await Console.Error.WriteLineAsync($"indexed {counts.Values.Sum()} documents").ConfigureAwait(false);
        }
    }

    private static Command Query()
    {
        var input = new Argument<string>("input") { Description = "Documents to match (any input add takes)." };
        var index = IndexOption();
        var semantic = SemanticOption();
        var command = new Command("query", "Match documents against the index without adding them; writes each one's relations, passages and story as JSON.")
        {
            input, index, semantic,
        };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(input)!;
            if (path != DocumentReaders.StandardInput && !File.Exists(path) && !Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"neardup index query: input not found: {path}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            using var opened = await OpenAsync(parse.GetValue(index)!, cancellationToken, Settings(parse.GetValue(semantic)!)).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            var problems = new InputProblems(p => Console.Error.WriteLine("skipped: " + p));
            var documents = new List<Document>();
            await foreach (var doc in DocumentReaders.Open(path, ReaderOptions.Default, problems).ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                documents.Add(doc);
            }

            var outcomes = await opened.MatchAsync(documents, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(JsonSerializer.Serialize(new { documents = outcomes }, Json));
            return problems.Skipped > 0 ? ExitCodes.InputSkipped : ExitCodes.Ok;
        }, index);
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<string>("id") { Description = "The document's id." };
        var index = IndexOption();
        var command = new Command("remove", "Remove a document, its relations and postings; its story is split where that disconnects it.") { id, index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            if (!await opened.RemoveAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"neardup index remove: no document '{parse.GetValue(id)}'").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            Console.WriteLine($"removed {parse.GetValue(id)}");
            return ExitCodes.Ok;
        }, index);
        return command;
    }

    private static Command Stats()
    {
        var index = IndexOption();
        var command = new Command("stats", "Documents, stories, relations, postings and size on disk, as JSON.") { index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            Console.WriteLine(JsonSerializer.Serialize(await opened.StatsAsync(cancellationToken).ConfigureAwait(false), Json));
            return ExitCodes.Ok;
        }, index);
        return command;
    }

    private static Command Compact()
    {
        var index = IndexOption();
        var command = new Command("compact", "Give back the space of removed documents.") { index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            long before = (await opened.StatsAsync(cancellationToken).ConfigureAwait(false)).Bytes;
            await opened.CompactAsync(cancellationToken).ConfigureAwait(false);
            long after = (await opened.StatsAsync(cancellationToken).ConfigureAwait(false)).Bytes;
            Console.WriteLine($"compacted: {before} -> {after} bytes");
            return ExitCodes.Ok;
        }, index);
        return command;
    }

    /// <summary>Opens the index, or says why it cannot be opened and returns null.</summary>
    internal static async Task<NearDupIndex?> OpenAsync(string directory, CancellationToken cancellationToken, IndexOptions? options = null)
    {
        try
        {
            return await NearDupIndex.OpenAsync(directory, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or ArgumentException or StackExchange.Redis.RedisException)
        {
            await Console.Error.WriteLineAsync($"neardup: cannot open the index in {directory}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
