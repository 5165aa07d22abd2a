using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace NearDup.Extract;

/// <summary>Reads what class, id, role and itemprop names say about an element; generic words only, no site rules.</summary>
internal static partial class Hints
{
    public static ElementHint Of(IElement e, string tag)
    {
        string? itemprop = e.GetAttribute("itemprop");
        if (itemprop is not null && (itemprop.Contains("articleBody", StringComparison.OrdinalIgnoreCase)
            || itemprop.Equals("text", StringComparison.OrdinalIgnoreCase)))
        {
            return ElementHint.StrongPositive;
        }

        string names = (e.GetAttribute("class") + " " + e.Id).ToLowerInvariant();
        // Furniture by tag or role, unless (see PageModel.MarkFurniture) it wraps most of the page: unclosed
        // asides and footers do swallow whole articles.
        if (tag is "form" or "header" or "nav" or "aside" or "footer")
        {
            return ElementHint.Negative;
        }

        string? role = e.GetAttribute("role");
        if (role is not null && role.Trim().ToLowerInvariant() is "navigation" or "complementary" or "contentinfo" or "banner")
        {
            return ElementHint.Negative;
        }

        if (names.Length < 2)
        {
            return ElementHint.None;
        }

        if (names.Length > 500)
        {
            names = names[..500];
        }

        // Taxonomy classes (WordPress post_class: tag-*, category-*) describe the post, not a box: "tag-sharing"
        // on an article wrapper must not make it furniture.
        names = Taxonomy().Replace(names, " ");

        if (Negative().IsMatch(names))
        {
            return ElementHint.Negative;
        }

        if (Label().IsMatch(names))
        {
            return ElementHint.Label;
        }

        if (StrongPositive().IsMatch(names))
        {
            return ElementHint.StrongPositive;
        }

        return Positive().IsMatch(names) ? ElementHint.Positive : ElementHint.None;
    }

    /// <summary>The element's class and id names, lower-cased, without taxonomy classes (<c>tag-*</c>, <c>category-*</c>).</summary>
    public static string ClassNames(IElement e)
    {
        string? cls = e.GetAttribute("class");
        string names = (cls is { Length: > 300 } ? cls[..300] : cls) + " " + e.Id;
        return names.Length < 2 ? string.Empty : Taxonomy().Replace(names.ToLowerInvariant(), " ");
    }

    public static bool HidesElement(string style) => HiddenStyle().IsMatch(style);

    public static bool IsByline(IElement e)
    {
        string? itemprop = e.GetAttribute("itemprop");
        if (itemprop is not null && itemprop.Equals("author", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string? cls = e.GetAttribute("class");
        return cls is not null && cls.Length < 200 && Byline().IsMatch(cls);
    }

    public static string StripBy(string byline) => ByPrefix().Replace(byline, string.Empty).Trim();

    [GeneratedRegex(@"related|recommend|comment|sharing|share|social|newsletter|subscri|signup|sign-up|promo|advert|sponsor|breadcrumb|cookie|consent|popup|modal|sidebar|widget|footer|navbar|navigation|menu|pagination|outbrain|taboola|disqus|trending|popular|more-from|read-?more|also-read|tagcloud|byline|teaser|byl\b|caption|paywall|most-read|mostread|(?<![a-z])(?:nav|ads?|skip|login|rail|masthead|toolbar|author)(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    [GeneratedRegex(@"(?<![a-z])(?:tags?|meta|credit|print|email|follow|jump|toc|topics?|keywords?|date|time)(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"article-?body|articlebody|article__body|story-?body|post-?body|entry-?content|post-?content|article-?content|article__content|story-?content|body-?text|article-?text|main-?text|story-text|news-?text|text-?body", RegexOptions.CultureInvariant)]
    private static partial Regex StrongPositive();

    [GeneratedRegex(@"article|content|post|entry|story|body|text|main|blog|prose|rich", RegexOptions.CultureInvariant)]
    private static partial Regex Positive();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"(?<![a-z0-9_-])(?:tag|category|categories|format|status)-[a-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Taxonomy();

    [GeneratedRegex(@"byline|author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    [GeneratedRegex(@"^(?:by|von|par|por|di|door|av)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByPrefix();
}
