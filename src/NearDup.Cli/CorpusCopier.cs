using System.Globalization;
using NearDup.Pipeline;
using nietras.SeparatedValues;

namespace NearDup.Cli;

/// <summary>The corpus formats <c>neardup dedup</c> writes back as they were read.</summary>
internal enum CorpusFormat
{
    JsonLines,
    Csv,
    Parquet,
    Folder,
}

/// <summary>
/// Copies the kept records of a corpus into a new one of the same format, each record as it was: JSON Lines lines
/// byte for byte (every field untouched), CSV rows as written, Parquet rows with every column's values and the
/// schema (<see cref="ParquetCopier"/>), folder files whole.
/// Records are found by their origin (<c>path:line</c>, <c>path:row</c>, or the file), as the readers give it.
/// </summary>
internal static class CorpusCopier
{
    public static CorpusFormat? FormatOf(string path)
    {
        if (Directory.Exists(path))
        {
            return CorpusFormat.Folder;
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => CorpusFormat.JsonLines,
            ".csv" or ".tsv" => CorpusFormat.Csv,
            ".parquet" => CorpusFormat.Parquet,
            _ => null,
        };
    }

    public static async Task CopyAsync(CorpusFormat format, string input, string output, IReadOnlyList<DocumentInfo> kept, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case CorpusFormat.Folder:
                CopyFolder(input, output, kept);
                break;
            case CorpusFormat.JsonLines:
                await CopyLinesAsync(input, output, Numbers(kept), cancellationToken).ConfigureAwait(false);
                break;
            case CorpusFormat.Parquet:
                await ParquetCopier.CopyAsync(input, output, Numbers(kept), cancellationToken).ConfigureAwait(false);
                break;
            default:
                CopyCsv(input, output, Numbers(kept));
                break;
        }
    }

    /// <summary>The line (or row) numbers of the kept documents: the number after the origin's last colon.</summary>
    private static HashSet<long> Numbers(IReadOnlyList<DocumentInfo> kept)
    {
        var numbers = new HashSet<long>(kept.Count);
        foreach (var d in kept)
        {
            string origin = d.Origin ?? throw new InvalidDataException($"document '{d.Id}' has no origin: cannot find its record");
            int colon = origin.LastIndexOf(':');
            numbers.Add(colon > 0 && long.TryParse(origin.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                ? n
                : throw new InvalidDataException($"document '{d.Id}': origin '{origin}' names no line"));
        }

        return numbers;
    }

    private static void CopyFolder(string input, string output, IReadOnlyList<DocumentInfo> kept)
    {
        foreach (var d in kept)
        {
            string source = d.Origin ?? throw new InvalidDataException($"document '{d.Id}' has no origin: cannot find its file");
            string target = Path.Combine(output, Path.GetRelativePath(input, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }
    }

    private static async Task CopyLinesAsync(string input, string output, HashSet<long> lines, CancellationToken cancellationToken)
    {
        await using var source = File.OpenRead(input);
        await using var target = File.Create(output);
        byte[] buffer = new byte[1 << 16];
        long line = 1;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            int from = 0;
            while (from < read)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', from, read - from);
                int end = newline < 0 ? read : newline + 1;
                if (lines.Contains(line))
                {
                    await target.WriteAsync(buffer.AsMemory(from, end - from), cancellationToken).ConfigureAwait(false);
                }

                line += newline < 0 ? 0 : 1;
                from = end;
            }
        }
    }

    private static void CopyCsv(string input, string output, HashSet<long> lines)
    {
        char separator = Path.GetExtension(input).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        using var reader = new SepReaderOptions(new Sep(separator)) { HasHeader = false, DisableColCountCheck = true }.FromFile(input);
        using var writer = new StreamWriter(output);
        bool header = true;
        foreach (var row in reader)
        {
            // The reader numbers a row by the line it starts on; the header is line 1.
            if (header || lines.Contains(row.LineNumberFrom))
            {
                writer.Write(row.Span);
                writer.Write('\n');
            }

            header = false;
        }
    }
}
