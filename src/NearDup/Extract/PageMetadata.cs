namespace NearDup.Extract;

/// <summary>What a page's head, JSON-LD and byline elements say about its article.</summary>
internal sealed record PageMetadata(string? Headline, string? Byline, DateTimeOffset? Published, string? CanonicalUrl);
