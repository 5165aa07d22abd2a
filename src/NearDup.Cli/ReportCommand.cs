using System.CommandLine;
using System.Text.Json;
using NearDup.Read;
using NearDup.Report;

namespace NearDup.Cli;

/// <summary><c>neardup report SCAN.json -o report.html</c>: the HTML report of a scan saved as JSON.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var scan = new Argument<string>("scan") { Description = "A scan saved with neardup scan --format json." };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write. Required (here or in neardup.json)." };
        var input = new Option<string?>("--input") { Description = "The scanned corpus, read again for the texts of the pair view. Default: each document's origin as the scan recorded it." };
        var fields = ReaderFields.Create();
        var command = new Command("report", "Write the HTML report (stories, passages, pairs side by side) of a scan saved as JSON.")
        {
            scan, output, input,
        };
        fields.AddTo(command);
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(scan)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"neardup report: scan not found: {path}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            byte[] json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            string outPath = parse.GetValue(output)!;
            // Written beside and moved in place: a scan that cannot be read leaves no half page behind.
            string partial = outPath + ".partial";
            Dictionary<string, string> texts;
            try
            {
                texts = await TextsAsync(json, parse.GetValue(input), fields.Options(parse), cancellationToken).ConfigureAwait(false);
                await using (var stream = File.Create(partial))
                {
                    HtmlReport.Write(json, id => texts.GetValueOrDefault(id), stream);
                }

                File.Move(partial, outPath, overwrite: true);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or FileNotFoundException or InvalidOperationException or KeyNotFoundException)
            {
                File.Delete(partial);
                await Console.Error.WriteLineAsync($"neardup report: {path}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (texts.Count == 0)
            {
                await Console.Error.WriteLineAsync("neardup report: no document text found (give the corpus with --input): the pair view shows the passages only").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, output);
        return command;
    }

    private static async Task<Dictionary<string, string>> TextsAsync(byte[] json, string? input, ReaderOptions options, CancellationToken cancellationToken)
    {
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("documents", out var documents) && documents.ValueKind == JsonValueKind.Array)
            {
                foreach (var d in documents.EnumerateArray())
                {
                    if (d.TryGetProperty("id", out var id) && d.TryGetProperty("origin", out var origin))
                    {
                        origins[id.GetString()!] = origin.GetString()!;
                    }
                }
            }
        }

        if (input is null)
        {
            return await CorpusTexts.FromOriginsAsync(origins, options, cancellationToken).ConfigureAwait(false);
        }

        var read = await CorpusTexts.ReadAsync(input, options, origins.ContainsKey, InputProblems.None, cancellationToken).ConfigureAwait(false);
        return read.ToDictionary(p => p.Key, p => p.Value.Text, StringComparer.Ordinal);
    }
}
