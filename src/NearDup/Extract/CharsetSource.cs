namespace NearDup.Extract;

/// <summary>Where the charset used to decode a page came from.</summary>
internal enum CharsetSource
{
    /// <summary>A byte-order mark (UTF-8, UTF-16 LE/BE).</summary>
    ByteOrderMark,

    /// <summary>The charset parameter of the HTTP Content-Type header (or one the caller passed).</summary>
    Declared,

    /// <summary><c>&lt;meta charset&gt;</c>, <c>http-equiv="Content-Type"</c> or an XML declaration.</summary>
    Meta,

    /// <summary>No usable declaration: the bytes were valid UTF-8, or not (then windows-1252).</summary>
    Sniffed,

    /// <summary>A declaration was overruled because the bytes contradicted it (mislabelled page).</summary>
    Corrected,
}
