namespace NearDup.Extract;

/// <summary>How an <see cref="ExtractedArticle"/>'s text was obtained.</summary>
internal enum ExtractionStatus
{
    /// <summary>From the page's markup by content scoring.</summary>
    Article,

    /// <summary>From the page's JSON-LD <c>articleBody</c>, because the markup held too little of it.</summary>
    StructuredData,

    /// <summary>From the fallback extractor (SmartReader), because content scoring found too little.</summary>
    Fallback,

    /// <summary>No main text was found; <see cref="ExtractedArticle.Reason"/> says why. Not an error.</summary>
    NoArticle,
}
