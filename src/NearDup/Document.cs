namespace NearDup;

/// <summary>One input record: an id, its original text, and what is known of where it came from.</summary>
/// <remarks>Every offset NearDup reports is a UTF-16 index into <see cref="Text"/>, the text as read.</remarks>
public sealed record Document(string Id, string Text)
{
    /// <summary>Where the record was read from (a file path, or path:line for JSON Lines).</summary>
    public string? Origin { get; init; }

    public string? Url { get; init; }

    /// <summary>The outlet or site that published it.</summary>
    public string? Source { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>The raw HTML, when the record was a web page and <see cref="Text"/> was extracted from it.</summary>
    public string? Html { get; init; }

    /// <summary>How the record was read, when worth saying (e.g. "decoded as windows-1252"); reported per document.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
