using System.CommandLine;
using NearDup.Candidates;
using NearDup.Fingerprint;
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
        var format = new Option<string>("--format", "-f") { Description = "Output: text, json or csv.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "csv");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var idField = new Option<string>("--id-field") { Description = "JSON Lines: field holding the document id.", DefaultValueFactory = _ => "id" };
        var textField = new Option<string>("--text-field") { Description = "JSON Lines: field holding the text.", DefaultValueFactory = _ => "text" };
        var urlField = new Option<string?>("--url-field") { Description = "JSON Lines: field holding the url.", DefaultValueFactory = _ => "url" };
        var sourceField = new Option<string?>("--source-field") { Description = "JSON Lines: field holding the outlet.", DefaultValueFactory = _ => "source" };
        var dateField = new Option<string?>("--date-field") { Description = "JSON Lines: field holding the publication time.", DefaultValueFactory = _ => "date" };
        var threshold = new Option<double>("--threshold") { Description = "MinHash LSH Jaccard threshold for whole-document candidates.", DefaultValueFactory = _ => 0.5 };
        var shingle = new Option<int>("--shingle-size") { Description = "Words per shingle.", DefaultValueFactory = _ => 5 };
        var permutations = new Option<int>("--permutations") { Description = "MinHash permutations.", DefaultValueFactory = _ => 128 };
        var candidatesOnly = new Option<bool>("--candidates-only") { Description = "Stop after candidate generation (MinHash-LSH dedup as other tools do it): no alignment." };
        var threads = new Option<int>("--threads") { Description = "Worker threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noText = new Option<bool>("--no-passage-text") { Description = "JSON: give passage offsets only, not their text." };
        var semantic = new Option<string>("--semantic") { Description = "Meaning-level matching (paraphrase, same story): minilm (verify with the transformer), static (static embeddings only, fast), or off.", DefaultValueFactory = _ => "minilm" };
        semantic.AcceptOnlyFromAmong("minilm", "static", "off");
        var precision = new Option<string>("--precision") { Description = "MiniLM weights (with --semantic minilm): int8 (quantized at load, about twice as fast) or fp32 (as shipped).", DefaultValueFactory = _ => "int8" };
        precision.AcceptOnlyFromAmong("int8", "fp32");
        var furniture = new Option<bool>("--no-furniture") { Description = "Do not learn boilerplate or look for furniture spliced into copies." };
        var relationsMode = new Option<string>("--relations") { Description = "Pairs aligned and reported: tree (enough to explain each copy family; partial overlaps as passage clusters) or all (every candidate pair).", DefaultValueFactory = _ => "tree" };
        relationsMode.AcceptOnlyFromAmong("tree", "all");
        var maxMb = new Option<long>("--max-document-mb") { Description = "Skip (with a message) documents larger than this.", DefaultValueFactory = _ => ReaderOptions.DefaultMaxDocumentBytes >> 20 };

        var command = new Command("scan", "Find reused text: relations, aligned passages and stories.")
        {
            input, format, output, idField, textField, urlField, sourceField, dateField, threshold, shingle, permutations,
            candidatesOnly, threads, noText, semantic, precision, furniture, maxMb, relationsMode,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var readerOptions = new ReaderOptions
            {
                IdField = parse.GetValue(idField)!,
                TextField = parse.GetValue(textField)!,
                UrlField = parse.GetValue(urlField),
                SourceField = parse.GetValue(sourceField),
                DateField = parse.GetValue(dateField),
                MaxDocumentBytes = parse.GetValue(maxMb) << 20,
                Parallelism = Math.Max(1, parse.GetValue(threads)),
            };
            int perms = parse.GetValue(permutations);
            string semanticMode = parse.GetValue(semantic)!;
            var minilm = new MiniLmOptions { Precision = parse.GetValue(precision) == "fp32" ? MiniLmPrecision.Float32 : MiniLmPrecision.Int8 };
            using var verifier = semanticMode == "minilm" ? new MiniLmEncoder(minilm) : null;
            var semanticOptions = semanticMode == "off"
                ? new SemanticScanOptions()
                : new SemanticScanOptions { CandidateEncoder = StaticEmbeddingEncoder.Default, VerifyEncoder = verifier };
            ScanOptions options;
            try
            {
                options = new ScanOptions
                {
                    Fingerprint = new FingerprintOptions { ShingleSize = parse.GetValue(shingle), NumPermutations = perms },
                    Candidates = new CandidateOptions { LshThreshold = parse.GetValue(threshold), NumPermutations = perms },
                    CandidatesOnly = parse.GetValue(candidatesOnly),
                    Relations = parse.GetValue(relationsMode) == "all" ? RelationsMode.All : RelationsMode.Tree,
                    Parallelism = parse.GetValue(threads),
                    Semantic = semanticOptions,
                    Boilerplate = parse.GetValue(furniture) ? null : new(),
                }.Validate();
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

            var problems = new InputProblems(p => Console.Error.WriteLine("skipped: " + p));
            var reader = DocumentReaders.Open(path, readerOptions, problems);
            using var result = await new ScanPipeline(options).RunAsync(reader, problems, cancellationToken).ConfigureAwait(false);
            string? outPath = parse.GetValue(output);
            await using (var stream = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath))
            {
                switch (parse.GetValue(format))
                {
                    case "json":
                        JsonReport.Write(result, stream, new ReportOptions { PassageText = !parse.GetValue(noText) });
                        break;
                    case "csv":
                    {
                        await using var writer = new StreamWriter(stream, leaveOpen: true);
                        CsvReport.Write(result, writer);
                        if (outPath is not null)
                        {
                            // The relations file stays pairs only (its first two columns are read as pairs); the
                            // other tables go beside it.
                            await using var stories = new StreamWriter(Path.ChangeExtension(outPath, ".stories.csv"));
                            CsvReport.WriteStories(result, stories);
                            await using var passages = new StreamWriter(Path.ChangeExtension(outPath, ".passages.csv"));
                            CsvReport.WritePassages(result, passages);
                        }

                        break;
                    }

                    default:
                    {
                        await using var writer = new StreamWriter(stream, leaveOpen: true);
                        ConsoleReport.Write(result, writer);
                        break;
                    }
                }
            }

            return result.Stats.Problems > 0 ? ExitCodes.InputSkipped : ExitCodes.Ok;
        });
        return command;
    }
}
