namespace NearDup.Extract;

/// <summary>What an element's tag, class, id, role or itemprop say about it.</summary>
internal enum ElementHint
{
    None,

    /// <summary>article, content, post, entry, story ...</summary>
    Positive,

    /// <summary>itemprop=articleBody, article-body, entry-content ...: the article itself.</summary>
    StrongPositive,

    /// <summary>related, comment, share, newsletter, sidebar, form, header ...</summary>
    Negative,

    /// <summary>Named like a small item of page furniture (date, byline, caption, print, tags): furniture only when small.</summary>
    Label,
}
