namespace NearDup.Read;

/// <summary>A reader that knows the size of its input before reading it (a file's length), so a scan can size what
/// grows with the input once instead of by doubling.</summary>
internal interface ISizedReader
{
    /// <summary>Bytes of input, or 0 when not known.</summary>
    long InputBytes { get; }
}
