namespace NearDup.Read;

/// <summary>How input is read. Defaults suit JSON Lines with <c>id</c> and <c>text</c> fields and folders of .txt/.md.</summary>
public sealed record ReaderOptions
{
    /// <summary>The default for <see cref="MaxDocumentBytes"/>: 128 MiB, so that a 50 MB article is read.</summary>
    public const long DefaultMaxDocumentBytes = 128L * 1024 * 1024;

    public static ReaderOptions Default { get; } = new();

    /// <summary>JSON Lines field holding the document id (string or number). Default <c>id</c>; when missing, the line number is the id.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>JSON Lines field holding the text. Default <c>text</c>; a record without it is skipped with a problem.</summary>
    public string TextField { get; init; } = "text";

    /// <summary>Optional JSON Lines field holding the url. Default <c>url</c>.</summary>
    public string? UrlField { get; init; } = "url";

    /// <summary>Optional JSON Lines field holding the outlet/site. Default <c>source</c>.</summary>
    public string? SourceField { get; init; } = "source";

    /// <summary>Optional JSON Lines field holding the publication time (ISO 8601 string or Unix seconds). Default <c>date</c>.</summary>
    public string? DateField { get; init; } = "date";

    /// <summary>
    /// Optional JSON Lines field (or CSV/Parquet column) holding raw HTML. Default null (not read). A record with
    /// HTML but no text gets the page's extracted article text (<see cref="HtmlDocuments.Complete"/>).
    /// </summary>
    public string? HtmlField { get; init; }

    /// <summary>
    /// File extensions a folder reader takes, compared without case. Default .txt and .md. Add .html/.htm to take
    /// web pages: their article text is extracted (<see cref="HtmlDocuments"/>) and the page kept in <see cref="Document.Html"/>.
    /// </summary>
    public IReadOnlyList<string> Extensions { get; init; } = [".txt", ".md"];

    /// <summary>
    /// Largest document (a file, a JSON line, a stream) read, in bytes; larger ones are refused with a problem.
    /// Default <see cref="DefaultMaxDocumentBytes"/>.
    /// </summary>
    public long MaxDocumentBytes { get; init; } = DefaultMaxDocumentBytes;

    /// <summary>
    /// Threads that parse and extract records while the input is read in order (JSON Lines batches, HTML pages in
    /// WARC files and folders, the html column of CSV and Parquet rows); 1 reads on the caller's thread only. Documents come out in input order either way.
    /// Default <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad property.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(IdField))
        {
            throw new ArgumentOutOfRangeException(nameof(IdField), IdField, "IdField must not be empty");
        }

        if (string.IsNullOrEmpty(TextField))
        {
            throw new ArgumentOutOfRangeException(nameof(TextField), TextField, "TextField must not be empty");
        }

        // Array.MaxLength bounds one pooled buffer.
        if (MaxDocumentBytes < 1 || MaxDocumentBytes > Array.MaxLength - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxDocumentBytes), MaxDocumentBytes, $"MaxDocumentBytes must be in [1, {Array.MaxLength - 1}]");
        }

        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Parallelism must be at least 1");
        }

        if (Extensions is null || Extensions.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Extensions), "Extensions must name at least one extension");
        }
    }
}
