using System.Text;
using AngleSharp.Dom;

namespace NearDup.Extract;

/// <summary>
/// One page cut into elements and text blocks (<see cref="Walk"/>), then scored to find the article
/// (<see cref="Score"/>). All traversals use explicit stacks: markup depth never reaches the call stack.
/// </summary>
internal sealed partial class PageModel
{
    private readonly List<PageElement> _elements = [];
    private readonly List<TextBlock> _blocks = [];
    private readonly JsonLdArticle _jsonLd = new();
    private readonly List<string> _h1 = [];
    private readonly StringBuilder _buffer = new();
    private int _bufferLinkChars;
    private bool _pendingSpace;
    private string? _metaTitle;
    private string? _ogTitle;
    private string? _metaAuthor;
    private string? _canonical;
    private string? _ogUrl;
    private string? _metaDate;
    private string? _timeDate;
    private string? _bylineText;

    public int BlockCount => _blocks.Count;

    public double TotalTextChars { get; private set; }

    public PageMetadata Metadata
    {
        get
        {
            DateTimeOffset? published = _jsonLd.Published;
            if (published is null && HtmlExtractor.TryParseDate(_metaDate, out DateTimeOffset d1))
            {
                published = d1;
            }

            if (published is null && HtmlExtractor.TryParseDate(_timeDate, out DateTimeOffset d2))
            {
                published = d2;
            }

            string? headline = _h1.Count > 0 ? _h1[0] : _jsonLd.Headline ?? _ogTitle ?? _metaTitle;
            string? byline = _jsonLd.Author ?? _metaAuthor ?? _bylineText;
            string? canonical = AbsoluteUrl(_canonical) ?? AbsoluteUrl(_ogUrl) ?? AbsoluteUrl(_jsonLd.Url);
            return new PageMetadata(headline, byline, published, canonical);
        }
    }

    private static string? AbsoluteUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out Uri? u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? u.AbsoluteUri
            : null;

    /// <summary>Reads title, meta and link elements of the head (JSON-LD may be anywhere: collected by both passes).</summary>
    public void ReadHead(IDocument document)
    {
        IElement? head = document.Head;
        if (head is null)
        {
            return;
        }

        foreach (IElement e in head.Children)
        {
            ReadMetaElement(e);
        }
    }

    private void ReadMetaElement(IElement e)
    {
        switch (e.LocalName)
        {
            case "title":
                _metaTitle ??= Clean(e.TextContent);
                break;
            case "link":
                if (ContainsToken(e.GetAttribute("rel"), "canonical"))
                {
                    _canonical ??= e.GetAttribute("href");
                }

                break;
            case "meta":
                string? key = (e.GetAttribute("property") ?? e.GetAttribute("name") ?? e.GetAttribute("itemprop"))?.Trim().ToLowerInvariant();
                string? content = e.GetAttribute("content");
                if (key is null || string.IsNullOrWhiteSpace(content))
                {
                    break;
                }

                switch (key)
                {
                    case "og:title" or "twitter:title":
                        _ogTitle ??= Clean(content);
                        break;
                    case "author" or "article:author" or "dc.creator" or "byl" or "parsely-author" or "sailthru.author":
                        if (!content.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                        {
                            _metaAuthor ??= Clean(content);
                        }

                        break;
                    case "og:url":
                        _ogUrl ??= content;
                        break;
                    case "article:published_time" or "og:published_time" or "datepublished" or "pubdate" or "publishdate"
                        or "date" or "dc.date" or "dc.date.issued" or "dcterms.created" or "sailthru.date" or "parsely-pub-date":
                        _metaDate ??= content;
                        break;
                }

                break;
            case "script":
                if (IsJsonLd(e))
                {
                    _jsonLd.Add(e.TextContent);
                }

                break;
        }
    }

    private static bool IsJsonLd(IElement e) =>
        e.GetAttribute("type")?.Trim().Equals("application/ld+json", StringComparison.OrdinalIgnoreCase) == true;

    internal static bool ContainsToken(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }

        foreach (string part in list.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static string? Clean(string? s)
    {
        string t = HtmlExtractor.NormalizeText(s).Replace('\n', ' ');
        return t.Length == 0 ? null : t;
    }
}
