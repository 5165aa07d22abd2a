using NearDup.Extract;

namespace NearDup.Read;

/// <summary>
/// Turns a web page into a <see cref="Document"/> through <see cref="HtmlExtractor"/>: one place for the folder,
/// WARC and compressed-file readers.
/// </summary>
internal static class HtmlDocuments
{
    /// <summary>
    /// The document for a page: Text = headline, blank line, article text (the headline only when the text does not
    /// already start with it); Html = the page decoded with the detected charset; Url = the canonical url, else
    /// <paramref name="url"/>; Source = the url's host. Null, after reporting why, when the page has no article.
    /// Extraction warnings (an overruled declared charset, flattened nesting) are reported; the document is kept.
    /// </summary>
    /// <param name="html">The page bytes as received.</param>
    /// <param name="declaredCharset">The HTTP Content-Type charset, when known.</param>
    /// <param name="url">Where the page was fetched from (a WARC target URI), when known.</param>
    /// <param name="offset">The byte offset of the record in its file, for problems and as <c>origin@offset</c> in
    /// <see cref="Document.Origin"/>; null for a whole file.</param>
    public static Document? ToDocument(
        ReadOnlySpan<byte> html, string id, string origin, IInputProblemSink problems,
        string? declaredCharset = null, string? url = null, long? offset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(problems);

        // Detected once here: the decoded page is kept in Document.Html and extracted from the same string.
        CharsetDetection charset = CharsetDetector.Detect(html, declaredCharset);
        if (charset.Warning is not null)
        {
            problems.Report(new InputProblem(origin, null, offset, charset.Warning));
        }

        string page = charset.Encoding.GetString(html[charset.PreambleLength..]);
        return Build(page, id, origin, problems, url, offset, null, offset is { } at
            ? origin + "@" + at.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : origin);
    }

    /// <summary>
    /// Fills the text of a table or JSON Lines record that has raw HTML and no text: extracted as
    /// <see cref="ToDocument"/> does; the record's own url, source and date win over the page's. Records with text,
    /// or without HTML, are returned as they are. Null, after reporting why, when the page has no article.
    /// </summary>
    /// <param name="problemOrigin">The file, for problems.</param>
    /// <param name="line">The line or row, for problems.</param>
    public static Document? Complete(Document record, string problemOrigin, IInputProblemSink problems, long? line = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(problems);
        if (record.Html is null || !string.IsNullOrWhiteSpace(record.Text))
        {
            return record;
        }

        var page = Build(record.Html, record.Id, problemOrigin, problems, record.Url, offset: null, line, record.Origin ?? problemOrigin);
        return page is null
            ? null
            : page with
            {
                Url = record.Url ?? page.Url,
                Source = record.Source ?? page.Source,
                Published = record.Published ?? page.Published,
            };
    }

    private static Document? Build(
        string page, string id, string problemOrigin, IInputProblemSink problems, string? url, long? offset, long? line, string origin)
    {
        ExtractedArticle article = HtmlExtractor.Extract(page);
        foreach (string warning in article.Warnings)
        {
            problems.Report(new InputProblem(problemOrigin, line, offset, warning));
        }

        if (article.Status == ExtractionStatus.NoArticle || string.IsNullOrWhiteSpace(article.Text))
        {
            problems.Report(new InputProblem(problemOrigin, line, offset, "no article text: " + (article.Reason ?? "nothing found")));
            return null;
        }

        string text = article.Text;
        string? title = article.Title?.Trim();
        if (!string.IsNullOrEmpty(title) && !text.StartsWith(title, StringComparison.Ordinal))
        {
            text = title + "\n\n" + text;
        }

        string? documentUrl = string.IsNullOrWhiteSpace(article.CanonicalUrl) ? url : article.CanonicalUrl;
        return new Document(id, text)
        {
            Origin = origin,
            Url = documentUrl,
            Source = Host(documentUrl) ?? Host(url),
            Published = article.Published,
            Html = page,
        };
    }

    /// <summary>The host of an absolute http(s) url without a leading "www.", or null.</summary>
    public static string? Host(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        string host = uri.Host;
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }

    internal static bool IsHtmlName(string name) =>
        name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
}
