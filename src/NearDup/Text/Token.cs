namespace NearDup.Text;

/// <summary>A word of the original text: its <c>[Start, End)</c> offsets and the 64-bit hash of its normalized form.</summary>
/// <remarks>Two tokens are the same word when their hashes are equal; the normalized string itself is never kept.</remarks>
internal readonly record struct Token(int Start, int End, ulong Hash)
{
    public int Length => End - Start;

    public TextSpan Span => new(Start, End);
}
