using System.CommandLine;
using System.Globalization;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Report;
using NearDup.Semantic.MiniLM;

namespace NearDup.Cli;

/// <summary><c>neardup scan INPUT</c>: the whole lexical pipeline over a folder, a JSON Lines file or standard input.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A folder (.txt/.md, recursive), a .jsonl, .csv/.tsv, .parquet, .warc or .html file (any of them .gz/.zst), a .txt file, or - for standard input." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text, json, csv or html (one self-contained page: stories, passages, pairs side by side).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "csv", "html");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var reading = ReaderOptions.Default;
        var idField = new Option<string>("--id-field") { Description = "JSON Lines: field holding the document id.", DefaultValueFactory = _ => reading.IdField };
        var textField = new Option<string>("--text-field") { Description = "JSON Lines: field holding the text.", DefaultValueFactory = _ => reading.TextField };
        var urlField = new Option<string?>("--url-field") { Description = "JSON Lines: field holding the url.", DefaultValueFactory = _ => reading.UrlField };
        var sourceField = new Option<string?>("--source-field") { Description = "JSON Lines: field holding the outlet.", DefaultValueFactory = _ => reading.SourceField };
        var dateField = new Option<string?>("--date-field") { Description = "JSON Lines: field holding the publication time.", DefaultValueFactory = _ => reading.DateField };

        // Unset scan options keep the preset's value; the help shows the default preset's.
        var preset = new Option<string>("--preset") { Description = "Settings to start from: default (lexical + MiniLM semantic + furniture), lexical (no semantic stage), or crawl-dedup (whole-document MinHash near-duplicates, no alignment). The options below change them.", DefaultValueFactory = _ => Presets.DefaultName };
        preset.AcceptOnlyFromAmong([.. Presets.ByName.Keys]);
        var defaults = Presets.ByName[Presets.DefaultName];
        var threshold = new Option<double?>("--threshold") { Description = $"MinHash LSH Jaccard threshold for whole-document candidates. Default: the preset's ({defaults.Candidates.LshThreshold.ToString(CultureInfo.InvariantCulture)})." };
        var shingle = new Option<int?>("--shingle-size") { Description = $"Words per shingle. Default: the preset's ({defaults.Fingerprint.ShingleSize})." };
        var permutations = new Option<int?>("--permutations") { Description = $"MinHash permutations. Default: the preset's ({defaults.Fingerprint.NumPermutations})." };
        var candidatesOnly = new Option<bool>("--candidates-only") { Description = "Stop after candidate generation (MinHash-LSH dedup as other tools do it): no alignment." };
        var threads = new Option<int?>("--threads") { Description = $"Worker threads. Default: the preset's (one per core, {defaults.Parallelism})." };
        var noText = new Option<bool>("--no-passage-text") { Description = "JSON: give passage offsets only, not their text." };
        var semantic = new Option<string?>("--semantic") { Description = $"Meaning-level matching (paraphrase, same story): minilm (verify with the transformer), static (static embeddings only, fast), or off. Default: the preset's ({Presets.SemanticMode(defaults)})." };
        semantic.AcceptOnlyFromAmong(Presets.SemanticModes);
        var precision = new Option<string?>("--precision") { Description = $"MiniLM weights (with --semantic minilm): int8 (quantized at load, about twice as fast) or fp32 (as shipped). Default: {PrecisionName(new MiniLmOptions().Precision)}." };
        precision.AcceptOnlyFromAmong(PrecisionName(MiniLmPrecision.Int8), PrecisionName(MiniLmPrecision.Float32));
        var noCrossEncoder = new Option<bool>("--no-cross-encoder") { Description = "With --semantic minilm: let MiniLM's sentence probabilities decide paraphrases alone, without the MRPC cross-encoder confirming the sentence pairs that decide them (faster, less precise)." };
        var furniture = new Option<bool>("--no-furniture") { Description = "Do not learn boilerplate or look for furniture spliced into copies." };
        var relationsMode = new Option<string?>("--relations") { Description = $"Pairs aligned and reported: tree (enough to explain each copy family; partial overlaps as passage clusters) or all (every candidate pair). Default: the preset's ({defaults.Relations.ToString().ToLowerInvariant()})." };
        relationsMode.AcceptOnlyFromAmong("tree", "all");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Draw no progress on standard error (problems are still reported there)." };
        var maxMb = new Option<long>("--max-document-mb") { Description = "Skip (with a message) documents larger than this.", DefaultValueFactory = _ => reading.MaxDocumentBytes >> 20 };

        var command = new Command("scan", "Find reused text: relations, aligned passages and stories.")
        {
            input, format, output, idField, textField, urlField, sourceField, dateField, preset, threshold, shingle, permutations,
            candidatesOnly, threads, noText, semantic, precision, noCrossEncoder, furniture, maxMb, quiet, relationsMode,
        };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            var start = Presets.ByName[parse.GetValue(preset)!];
            int workers = parse.GetValue(threads) ?? start.Parallelism;
            var readerOptions = new ReaderOptions
            {
                IdField = parse.GetValue(idField)!,
                TextField = parse.GetValue(textField)!,
                UrlField = parse.GetValue(urlField),
                SourceField = parse.GetValue(sourceField),
                DateField = parse.GetValue(dateField),
                MaxDocumentBytes = parse.GetValue(maxMb) << 20,
                Parallelism = Math.Max(1, workers),
            };
            int perms = parse.GetValue(permutations) ?? start.Fingerprint.NumPermutations;
            using var progress = ProgressRenderer.ForStandardError(parse.GetValue(quiet));
            NearDupScanner scanner;
            try
            {
                var options = start with
                {
                    Fingerprint = start.Fingerprint with { ShingleSize = parse.GetValue(shingle) ?? start.Fingerprint.ShingleSize, NumPermutations = perms },
                    Candidates = start.Candidates with { LshThreshold = parse.GetValue(threshold) ?? start.Candidates.LshThreshold },
                    CandidatesOnly = start.CandidatesOnly || parse.GetValue(candidatesOnly),
                    Relations = parse.GetValue(relationsMode) is { } r ? (r == "all" ? RelationsMode.All : RelationsMode.Tree) : start.Relations,
                    Parallelism = workers,
                    Boilerplate = parse.GetValue(furniture) ? null : start.Boilerplate,
                    Progress = progress,
                };
                string? mode = parse.GetValue(semantic);
                string? weights = parse.GetValue(precision);
                if (mode is not null || weights is not null)
                {
                    MiniLmPrecision? chosen = weights is null ? null : weights == PrecisionName(MiniLmPrecision.Float32) ? MiniLmPrecision.Float32 : MiniLmPrecision.Int8;
                    options = Presets.WithSemantic(options, mode ?? Presets.SemanticMode(start), chosen);
                }

                if (parse.GetValue(noCrossEncoder))
                {
                    options = options.WithoutCrossEncoder();
                }

                // One scan a process: the models' memory goes back once the semantic stage is done with them.
                options = options with { Semantic = options.Semantic with { UnloadModelsWhenDone = true } };

                scanner = new NearDupScanner(options);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("neardup scan: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            string path = parse.GetValue(input)!;
            if (path != DocumentReaders.StandardInput && !File.Exists(path) && !Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"neardup scan: input not found: {path}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            // Problems are printed as met; the result keeps its own copy, so this sink keeps none.
            var problems = new InputProblems(p => Console.Error.WriteLine((p.Severity == InputProblemSeverity.Note ? "note: " : "skipped: ") + p), maxKept: 0);
            // The report's first sections are written while the scan's last stage (furniture) runs.
            using var result = await scanner.ScanForReportAsync(path, readerOptions, problems, cancellationToken).ConfigureAwait(false);
            string? outPath = parse.GetValue(output);
            await using (var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath))
            {
                switch (parse.GetValue(format))
                {
                    case "json":
                        result.WriteJson(stream, new ReportOptions { PassageText = !parse.GetValue(noText) });
                        break;
                    case "html":
                        result.WriteHtml(stream);
                        break;
                    case "csv":
                    {
                        await using var writer = new StreamWriter(stream, leaveOpen: true);
                        result.WriteCsv(writer);
                        if (outPath is not null)
                        {
                            // The relations file stays pairs only (its first two columns are read as pairs); the
                            // other tables go beside it.
                            await using var stories = new StreamWriter(Path.ChangeExtension(outPath, ".stories.csv"));
                            result.WriteCsv(stories, CsvTable.Stories);
                            await using var passages = new StreamWriter(Path.ChangeExtension(outPath, ".passages.csv"));
                            result.WriteCsv(passages, CsvTable.Passages);
                        }

                        break;
                    }

                    default:
                    {
                        await using var writer = new StreamWriter(stream, leaveOpen: true);
                        result.WriteText(writer);
                        break;
                    }
                }
            }

            return result.Stats.Problems > 0 ? ExitCodes.InputSkipped : ExitCodes.Ok;
        });
        return command;
    }

    private static string PrecisionName(MiniLmPrecision precision) => precision == MiniLmPrecision.Float32 ? "fp32" : "int8";
}
