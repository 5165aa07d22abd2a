namespace NearDup.Extract;

/// <summary>The main text of a web page and what the page says about it.</summary>
/// <param name="Text">
/// The article body: paragraphs separated by a blank line, line breaks (<c>&lt;br&gt;</c>) kept as single newlines,
/// runs of spaces collapsed. Subheadings inside the article are kept; the headline is in <paramref name="Title"/>
/// and not repeated here. Empty when <paramref name="Status"/> is <see cref="ExtractionStatus.NoArticle"/>.
/// </param>
/// <param name="Title">Headline: the article's h1, JSON-LD headline, og:title or the page title.</param>
/// <param name="Byline">Author name(s) from JSON-LD, meta author or a byline element.</param>
/// <param name="Published">Publication time from JSON-LD, article:published_time or a time element.</param>
/// <param name="CanonicalUrl">link rel=canonical, og:url or the JSON-LD url.</param>
/// <param name="Language">The page's declared language (html lang), if any.</param>
/// <param name="Charset">The encoding the page was read with ("utf-8" for string input).</param>
/// <param name="Status">How the text was obtained.</param>
/// <param name="Reason">Why there is no text, when there is none; otherwise null.</param>
internal sealed record ExtractedArticle(
    string Text,
    string? Title,
    string? Byline,
    DateTimeOffset? Published,
    string? CanonicalUrl,
    string? Language,
    string Charset,
    ExtractionStatus Status,
    string? Reason)
{
    /// <summary>Problems met on the way that did not stop extraction (truncated input, overruled charset, flattened nesting).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
