namespace NearDup.Boilerplate;

/// <summary>Settings of the <see cref="BoilerplateModel"/>; every default is explained where it is declared.</summary>
public sealed record BoilerplateOptions
{
    /// <summary>A line is furniture of a site when it recurs in at least this many of the site's documents. Null
    /// (default): derived from the site's size, max(3, ⌈log₂ n⌉): three pages sharing a line verbatim is already
    /// unusual for prose; large sites republish a few teasers, so the bar rises slowly with n.</summary>
    public int? MinDocuments { get; init; }

    /// <summary>Floor of the derived threshold. Default 3: two pages sharing a line may be a copy, three unrelated
    /// pages sharing it are furniture.</summary>
    public int MinDocumentsFloor { get; init; } = 3;

    /// <summary>A line recurring across sites is boilerplate (a standard disclaimer, an agency credit) only when at
    /// least this many distinct sources carry it. Default 3.</summary>
    public int MinSources { get; init; } = 3;

    /// <summary>Longest line (in tokens) that may be boilerplate across sites. Default 40: disclaimers and sign-up
    /// boxes are short; a long paragraph recurring in many sources is a syndicated article, which is reuse, not
    /// furniture.</summary>
    public int MaxCrossSourceTokens { get; init; } = 40;

    /// <summary>Distinct lines kept; past it, lines seen once are forgotten (they are most lines and none is
    /// furniture yet). Default 2 million (about 100 MB).</summary>
    public int MaxLines { get; init; } = 2_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public BoilerplateOptions Validate()
    {
        if (MinDocuments is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDocuments), MinDocuments, "must be at least 2 (or null to derive it).");
        }

        if (MinDocumentsFloor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDocumentsFloor), MinDocumentsFloor, "must be at least 2.");
        }

        if (MinSources < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSources), MinSources, "must be at least 2.");
        }

        if (MaxCrossSourceTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCrossSourceTokens), MaxCrossSourceTokens, "must be positive.");
        }

        if (MaxLines < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLines), MaxLines, "must be at least 1024.");
        }

        return this;
    }
}
