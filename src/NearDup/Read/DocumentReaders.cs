namespace NearDup.Read;

/// <summary>Picks the reader for an input path.</summary>
public static class DocumentReaders
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// A reader for <paramref name="path"/>: a folder (<see cref="FolderReader"/>), a .jsonl/.ndjson file
    /// (<see cref="JsonLinesReader"/>), any other file as one plain-text document (<see cref="PlainTextReader"/>),
    /// or <c>-</c> for standard input, read as JSON Lines when it starts with '{', else as one document with id
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

        string extension = Path.GetExtension(path);
        if (extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonLinesReader(path, options, problems);
        }

        return new PlainTextReader(path, options, problems);
    }

    /// <summary>
    /// A reader for a stream of unknown format: JSON Lines when its first non-blank byte is '{', else one document
    /// with id <paramref name="id"/>. The caller owns the stream.
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
