using System.CommandLine;
using System.Globalization;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;

namespace NearDup.Cli;

/// <summary>
/// <c>neardup dedup INPUT -o OUT</c>: the corpus with one document per group of duplicates, in the input's own
/// format, and a CSV of every document dropped with the one it duplicates and why.
/// </summary>
internal static class DedupCommand
{
    public const string DroppedHeader = "id,origin,duplicate_of,duplicate_origin,relation,direction,coverage,duplicate_coverage,reason";

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A JSON Lines, CSV/TSV or Parquet file, or a folder (.txt/.md), not compressed." };
        var output = new Option<string>("--output", "-o") { Description = "The de-duplicated corpus: a file of the input's format, or a folder for a folder. Required (here or in neardup.json)." };
        var dropped = new Option<string?>("--dropped") { Description = "The CSV of dropped documents. Default: beside the output, OUTPUT.dropped.csv." };
        var duplicates = new Option<string[]>("--duplicates") { Description = "Relations that make duplicates, comma-separated: exact, near_exact, contains (the side inside goes), shared_source. Default: exact,near_exact,contains.", AllowMultipleArgumentsPerToken = true };
        duplicates.CustomParser = ParseKinds;
        var keep = new Option<string>("--keep") { Description = "Which member of a group stays: complete (most words), earliest (first published), first (first read).", DefaultValueFactory = _ => "complete" };
        keep.AcceptOnlyFromAmong("complete", "earliest", "first");
        var preset = new Option<string>("--preset") { Description = "How duplicates are found: lexical (aligned: excerpts and edited copies too) or crawl-dedup (MinHash only, faster, whole-document copies).", DefaultValueFactory = _ => "lexical" };
        preset.AcceptOnlyFromAmong("lexical", "crawl-dedup");
        var threads = new Option<int?>("--threads") { Description = "Worker threads. Default: one per core." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Draw no progress on standard error." };
        var fields = ReaderFields.Create();
        var command = new Command("dedup", "Write the corpus without its duplicates (one document per group, in the input's format) and a CSV of what was dropped and why.")
        {
            input, output, dropped, duplicates, keep, preset, threads, quiet,
        };
        fields.AddTo(command);
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(input)!;
            string outPath = parse.GetValue(output)!;
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"neardup dedup: input not found: {path}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (CorpusCopier.FormatOf(path) is not { } format)
            {
                await Console.Error.WriteLineAsync($"neardup dedup: cannot write the format of {path}: dedup writes back JSON Lines (.jsonl, .ndjson), CSV/TSV, Parquet and folders, uncompressed; WARC, HTML and compressed inputs are not written back yet").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (Path.GetFullPath(outPath) == Path.GetFullPath(path))
            {
                await Console.Error.WriteLineAsync("neardup dedup: the output must not be the input").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var kinds = new HashSet<RelationKind>(parse.GetValue(duplicates) is { Length: > 0 } names ? names.Select(n => DedupPlan.KindNames[n]) : DedupPlan.DefaultKinds);
            var rule = parse.GetValue(keep) switch { "earliest" => KeepRule.Earliest, "first" => KeepRule.First, _ => KeepRule.Complete };
            var start = parse.GetValue(preset) == "crawl-dedup" ? ScanPresets.CrawlDedup : ScanPresets.Lexical;
            int workers = parse.GetValue(threads) ?? start.Parallelism;
            using var progress = ProgressRenderer.ForStandardError(parse.GetValue(quiet));
            // Every candidate pair is judged (all mode): a tree would leave out pairs a chain of other kinds joins.
            var options = start with { Relations = RelationsMode.All, Passages = null, Parallelism = Math.Max(1, workers), Progress = progress };
            var readerOptions = fields.Options(parse) with { Parallelism = Math.Max(1, workers) };
            var problems = new InputProblems(p => Console.Error.WriteLine((p.Severity == InputProblemSeverity.Note ? "note: " : "skipped: ") + p));
            using var result = await new NearDupScanner(options).ScanAsync(path, readerOptions, problems, cancellationToken).ConfigureAwait(false);
            var drop = DedupPlan.Choose(result.Documents, result.Relations, kinds, rule, options.Relate.ContainedCoverage);
            var droppedOrdinals = drop.Select(d => d.Document.Ordinal).ToHashSet();
            var kept = result.Documents.Where(d => !droppedOrdinals.Contains(d.Ordinal)).ToList();
            try
            {
                await CorpusCopier.CopyAsync(format, path, outPath, kept, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or Parquet.ParquetException)
            {
                await Console.Error.WriteLineAsync($"neardup dedup: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            string droppedPath = parse.GetValue(dropped) ?? DefaultDroppedPath(outPath);
            await using (var writer = new StreamWriter(droppedPath))
            {
                await WriteDroppedAsync(writer, drop).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"kept {kept.Count:N0} of {result.Documents.Count:N0} documents, dropped {drop.Count:N0} duplicates ({droppedPath})")).ConfigureAwait(false);
            return result.Stats.Problems > 0 ? ExitCodes.InputSkipped : ExitCodes.Ok;
        }, output);
        return command;
    }

    /// <summary>The dropped-documents table: one row per dropped document (RFC 4180 quoting).</summary>
    internal static async Task WriteDroppedAsync(TextWriter writer, IReadOnlyList<DroppedDocument> dropped)
    {
        var inv = CultureInfo.InvariantCulture;
        await writer.WriteLineAsync(DroppedHeader).ConfigureAwait(false);
        foreach (var d in dropped)
        {
            var r = d.Relation;
            bool isA = r.A == d.Document.Id;
            var direction = isA ? r.Direction : WireText.Flip(r.Direction);
            string[] fields =
            [
                d.Document.Id, d.Document.Origin ?? string.Empty, d.DuplicateOf.Id, d.DuplicateOf.Origin ?? string.Empty,
                WireText.Of(r.Kind), WireText.Of(direction),
                (isA ? r.CoverageA : r.CoverageB).ToString("0.####", inv), (isA ? r.CoverageB : r.CoverageA).ToString("0.####", inv), r.Reason,
            ];
            await writer.WriteLineAsync(string.Join(',', fields.Select(Quote))).ConfigureAwait(false);
        }
    }

    private static string DefaultDroppedPath(string outPath)
    {
        string trimmed = Path.TrimEndingDirectorySeparator(outPath);
        return Directory.Exists(trimmed) || Path.GetExtension(trimmed).Length == 0 ? trimmed + ".dropped.csv" : Path.ChangeExtension(trimmed, ".dropped.csv");
    }

    private static string[] ParseKinds(System.CommandLine.Parsing.ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        foreach (string name in names)
        {
            if (!DedupPlan.KindNames.ContainsKey(name))
            {
                result.AddError($"--duplicates: '{name}' is not a duplicate relation; allowed: {string.Join(", ", DedupPlan.KindNames.Keys)}.");
            }
        }

        return names;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
