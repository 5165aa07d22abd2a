using System.IO.Hashing;
using System.Runtime.InteropServices;
using NearDup.Text;

namespace NearDup.Fingerprint;

/// <summary>
/// Exact hash of a normalized text: XxHash3 over its token-hash sequence, chained over blocks of 256 tokens.
/// Two texts get the same value when their normalized words are the same in the same order (spacing,
/// punctuation, case and the folded variants do not count).
/// </summary>
internal static class ContentHash
{
    private const int Block = 256;

    /// <summary>Content hash of a token sequence.</summary>
    public static ulong Compute(ReadOnlySpan<Token> tokens)
    {
        Span<ulong> block = stackalloc ulong[Block];
        ulong h = 0;
        int i = 0;
        do
        {
            int n = Math.Min(Block, tokens.Length - i);
            for (int j = 0; j < n; j++)
            {
                block[j] = tokens[i + j].Hash;
            }

            h = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(block[..n]), (long)h);
            i += n;
        }
        while (i < tokens.Length);

        return h;
    }

    /// <summary>Content hash of a token-hash sequence; equal to <see cref="Compute(ReadOnlySpan{Token})"/> over the same hashes.</summary>
    public static ulong Compute(ReadOnlySpan<ulong> tokenHashes)
    {
        ulong h = 0;
        int i = 0;
        do
        {
            int n = Math.Min(Block, tokenHashes.Length - i);
            h = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tokenHashes.Slice(i, n)), (long)h);
            i += n;
        }
        while (i < tokenHashes.Length);

        return h;
    }
}
