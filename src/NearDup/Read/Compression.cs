namespace NearDup.Read;

/// <summary>How an input file is compressed, by its last extension.</summary>
internal enum Compression
{
    None,

    /// <summary>.gz (one member or several, as .warc.gz).</summary>
    Gzip,

    /// <summary>.zst (Zstandard).</summary>
    Zstd,
}
