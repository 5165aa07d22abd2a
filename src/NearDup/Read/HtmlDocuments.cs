using NearDup.Extract;

namespace NearDup.Read;

/// <summary>
/// Turns a web page into a <see cref="Document"/> through <see cref="HtmlExtractor"/>: one place for the folder,
/// WARC and compressed-file readers.
/// </summary>
public static class HtmlDocuments
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
        ExtractedArticle article = HtmlExtractor.Extract(page);
        foreach (string warning in article.Warnings)
        {
            problems.Report(new InputProblem(origin, null, offset, warning));
        }

        if (article.Status == ExtractionStatus.NoArticle || string.IsNullOrWhiteSpace(article.Text))
        {
            problems.Report(new InputProblem(origin, null, offset, "no article text: " + (article.Reason ?? "nothing found")));
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
            Origin = offset is { } at ? origin + "@" + at.ToString(System.Globalization.CultureInfo.InvariantCulture) : origin,
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
