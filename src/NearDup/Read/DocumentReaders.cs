namespace NearDup.Read;

/// <summary>Picks the reader for an input path.</summary>
public static class DocumentReaders
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// A reader for <paramref name="path"/>: a folder (<see cref="FolderReader"/>), a .jsonl/.ndjson file
    /// (<see cref="JsonLinesReader"/>), .warc (<see cref="WarcReader"/>), .csv/.tsv (<see cref="CsvReader"/>),
    /// .parquet (<see cref="ParquetDocumentReader"/>), .html/.htm as one extracted page, any other file as one
    /// plain-text document (<see cref="PlainTextReader"/>); each of them (but Parquet) also compressed as .gz or .zst,
    /// decompressed as it streams. <c>-</c> is standard input, read as JSON Lines when it starts with '{', else as one document with id
    /// <c>stdin</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a file, a folder nor <c>-</c>.</exception>
    public static IDocumentReader Open(string path, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ReaderOptions.Default;
        options.Validate();
        problems ??= InputProblems.None;
        if (path == StandardInput)
        {
            return FromStream(Console.OpenStandardInput(), "stdin", StandardInput, options, problems);
        }

        if (Directory.Exists(path))
        {
            return new FolderReader(path, options, problems);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"input not found: {path} is neither a file nor a folder", path);
        }

        // The format is the extension under any .gz/.zst: a.jsonl.zst is JSON Lines, a.warc.gz is WARC.
        var compression = InputStreams.CompressionOf(path, out string inner);
        string extension = Path.GetExtension(inner).ToLowerInvariant();
        switch (extension)
        {
            case ".warc":
                return new WarcReader(path, options, problems);
            case ".csv" or ".tsv":
                return new CsvReader(path, options, problems);
            case ".parquet" when compression == Compression.None:
                return new ParquetDocumentReader(path, options, problems);
            case ".jsonl" or ".ndjson":
                return compression == Compression.None
                    ? new JsonLinesReader(path, options, problems)
                    : new CompressedFileReader(path, problems, stream => new JsonLinesReader(stream, path, options, problems));
        }

        if (compression == Compression.None)
        {
            return new PlainTextReader(path, options, problems);
        }

        string id = Path.GetFileNameWithoutExtension(inner);
        bool html = HtmlDocuments.IsHtmlName(inner);
        return new CompressedFileReader(path, problems, stream => new PlainTextReader(stream, id, path, options, problems, html));
    }

    /// <summary>
    /// A reader for a stream of unknown format: gzip/zstd are decompressed and sniffed again; WARC when it starts
    /// with "WARC/", JSON Lines when its first non-blank byte is '{', else one document with id <paramref name="id"/>.
    /// The caller owns the stream.
    /// </summary>
    public static IDocumentReader FromStream(
        Stream stream, string id, string origin, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        options ??= ReaderOptions.Default;
        options.Validate();
        return new SniffingReader(stream, id, origin, options, problems ?? InputProblems.None);
    }
}
