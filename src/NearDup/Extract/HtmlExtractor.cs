using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace NearDup.Extract;

/// <summary>
/// Stage 2: HTML page to its main article text (paragraphs kept) with headline, byline, date and canonical url.
/// </summary>
/// <remarks>
/// Parses with AngleSharp, drops scripts, styles, navigation, asides, footers, forms and hidden elements, cuts the
/// rest of the body into text blocks, and scores them: long, sentence-like blocks of low link density are content;
/// link lists, short fragments and blocks under furniture-named elements (related, comment, share, newsletter ...)
/// are not. JSON-LD <c>articleBody</c>, where present, is strong evidence. The element whose subtree holds the most
/// content net of furniture is the article; its content blocks are the text. SmartReader is the fallback when
/// that finds too little. Never throws on bad input: a page without article text gives
/// <see cref="ExtractionStatus.NoArticle"/> and a reason.
/// </remarks>
internal static partial class HtmlExtractor
{
    /// <summary>Extracts the article from a page's bytes, detecting the charset (<see cref="CharsetDetector"/>).</summary>
    /// <param name="html">The page as received.</param>
    /// <param name="declaredCharset">The HTTP Content-Type charset parameter (e.g. from a WARC record), if known.</param>
    /// <param name="options">Options; <see cref="HtmlExtractorOptions.Default"/> when null.</param>
    public static ExtractedArticle Extract(ReadOnlySpan<byte> html, string? declaredCharset = null, HtmlExtractorOptions? options = null)
    {
        options ??= HtmlExtractorOptions.Default;
        options.Validate();
        var warnings = new List<string>();
        if (html.Length > options.MaxInputLength)
        {
            warnings.Add(Invariant($"page of {html.Length} bytes is over MaxInputLength ({options.MaxInputLength}); only its first {options.MaxInputLength} bytes were read"));
            html = html[..options.MaxInputLength];
        }

        CharsetDetection charset = CharsetDetector.Detect(html, declaredCharset);
        if (charset.Warning is not null)
        {
            warnings.Add(charset.Warning);
        }

        string text = charset.Encoding.GetString(html[charset.PreambleLength..]);
        return ExtractCore(text, charset.Name, warnings, options);
    }

    /// <summary>Extracts the article from a page already decoded to text.</summary>
    public static ExtractedArticle Extract(string html, HtmlExtractorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        options ??= HtmlExtractorOptions.Default;
        options.Validate();
        var warnings = new List<string>();
        if (html.Length > options.MaxInputLength)
        {
            warnings.Add(Invariant($"page of {html.Length} chars is over MaxInputLength ({options.MaxInputLength}); only its first {options.MaxInputLength} chars were read"));
            html = html[..options.MaxInputLength];
        }

        return ExtractCore(html, "utf-8", warnings, options);
    }

    private static ExtractedArticle ExtractCore(string html, string charset, List<string> warnings, HtmlExtractorOptions options)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return NoArticle("the page is empty", charset, warnings, null);
        }

        html = HtmlNestingGuard.Flatten(html, out int dropped);
        if (dropped > 0)
        {
            warnings.Add(Invariant($"markup nested deeper than {HtmlNestingGuard.MaxDepth} elements: {dropped} tags beyond that depth were ignored"));
        }

        IHtmlDocument document = new HtmlParser().ParseDocument(html);
        try
        {
            return ExtractFromDocument(document, html, charset, warnings, options);
        }
        finally
        {
            document.Dispose();
        }
    }

    private static ExtractedArticle ExtractFromDocument(IHtmlDocument document, string html, string charset, List<string> warnings, HtmlExtractorOptions options)
    {
        var page = new PageModel { BlockClassifier = options.BlockClassifier, BlockSamples = options.BlockSamples };
        page.ReadHead(document);
        IElement? body = document.Body;
        if (body is not null)
        {
            page.Walk(body);
        }

        PageMetadata meta = page.Metadata;
        string? language = document.DocumentElement?.GetAttribute("lang")?.Trim();
        if (string.IsNullOrEmpty(language))
        {
            language = null;
        }

        (string text, ExtractionStatus status, string? title) = page.Score();
        if (options.Diagnostics is not null)
        {
            options.Diagnostics(page.Describe());
        }

        string? headline = title ?? meta.Headline;
        if (text.Length < options.MinTextLength && options.UseFallback && document.All.Length <= FallbackMaxElements)
        {
            string fallback = RunFallback(html, meta.CanonicalUrl);
            if (fallback.Length > text.Length && fallback.Length >= options.MinTextLength)
            {
                text = fallback;
                status = ExtractionStatus.Fallback;
            }
        }

        if (text.Length == 0)
        {
            string reason = body is null || page.TotalTextChars == 0
                ? "the page has no visible text"
                : Invariant($"no block of article-like text among {page.BlockCount} text blocks ({page.TotalTextChars:F0} chars, mostly links or short fragments)");
            return NoArticle(reason, charset, warnings, meta with { Headline = headline }, language);
        }

        return new ExtractedArticle(text, headline, meta.Byline, meta.Published, meta.CanonicalUrl, language, charset, status, null)
        {
            Warnings = warnings,
        };
    }

    private static ExtractedArticle NoArticle(string reason, string charset, List<string> warnings, PageMetadata? meta, string? language = null) =>
        new(string.Empty, meta?.Headline, meta?.Byline, meta?.Published, meta?.CanonicalUrl, language, charset, ExtractionStatus.NoArticle, reason)
        {
            Warnings = warnings,
        };

    /// <summary>The most elements a page may have for the fallback to run on it.</summary>
    internal const int FallbackMaxElements = 5000;

    /// <summary>SmartReader (the .NET port of Mozilla's Readability) on the same text; empty when it finds nothing.</summary>
    internal static string RunFallback(string html, string? url)
    {
        try
        {
            string uri = Uri.TryCreate(url, UriKind.Absolute, out Uri? u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
                ? u.AbsoluteUri
                : "https://localhost/";
            // SmartReader is quadratic in the page's elements (a 10,000-link index page took 84 s; found fuzzing):
            // a page its readability check refuses is not scored (its result was dropped anyway, !IsReadable), and
            // pages over FallbackMaxElements (the benchmark's largest has 1,637) do not get here.
            var reader = new SmartReader.Reader(uri, html) { Debug = false, ContinueIfNotReadable = false, MaxElemsToParse = FallbackMaxElements };
            SmartReader.Article article = reader.GetArticle();
            return article.IsReadable ? NormalizeText(article.TextContent) : string.Empty;
        }
#pragma warning disable CA1031 // A third-party fallback must never take the pipeline down.
        catch (Exception)
#pragma warning restore CA1031
        {
            return string.Empty;
        }
    }

    /// <summary>Collapses spaces inside lines, trims lines, and keeps at most one blank line between paragraphs.</summary>
    internal static string NormalizeText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        int newlines = 0;
        bool space = false;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                newlines++;
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = true;
            }
            else
            {
                if (sb.Length > 0)
                {
                    if (newlines > 0)
                    {
                        sb.Append(newlines > 1 ? "\n\n" : "\n");
                    }
                    else if (space)
                    {
                        sb.Append(' ');
                    }
                }

                newlines = 0;
                space = false;
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses the date formats pages use (ISO 8601, RFC 1123, with or without zone; a zone-less time is UTC).</summary>
    internal static bool TryParseDate(string? value, out DateTimeOffset date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64)
        {
            return false;
        }

        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date);
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
