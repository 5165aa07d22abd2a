namespace NearDup.Server;

/// <summary>Settings of <c>neardup serve</c>; defaults suit one machine serving a newsroom's traffic.</summary>
public sealed record ServerOptions
{
    /// <summary>The index folder. Required.</summary>
    public string IndexDirectory { get; init; } = "";

    /// <summary>Addresses to listen on (semicolon-separated). Default <c>http://127.0.0.1:5080</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Largest request body in bytes; larger requests get 413. Default 16 MiB.</summary>
    public long MaxRequestBytes { get; init; } = 16L << 20;

    /// <summary>Longest document text in characters; a longer one is refused (413 alone, rejected in a batch). Default 1 Mi.</summary>
    public int MaxDocumentChars { get; init; } = 1 << 20;

    /// <summary>Documents per request at most; more get 413. Default 1,000.</summary>
    public int MaxBatchDocuments { get; init; } = 1000;

    /// <summary>Requests per second each key may make on average (a token bucket); more get 429. Default 200.</summary>
    public int RequestsPerSecond { get; init; } = 200;

    /// <summary>Requests a key may make at once above the average (the bucket's size). Default 400.</summary>
    public int Burst { get; init; } = 400;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public ServerOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(IndexDirectory))
        {
            throw new ArgumentOutOfRangeException(nameof(IndexDirectory), IndexDirectory, "IndexDirectory must name a folder.");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ArgumentOutOfRangeException(nameof(Urls), Urls, "Urls must name at least one address.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1024, nameof(MaxRequestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocumentChars, 1, nameof(MaxDocumentChars));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchDocuments, 1, nameof(MaxBatchDocuments));
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestsPerSecond, 1, nameof(RequestsPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(Burst, 1, nameof(Burst));
        return this;
    }
}
