using System.Numerics;
using System.Runtime.CompilerServices;
using NearDup.Text;

namespace NearDup.Fingerprint;

/// <summary>
/// Word n-gram (shingle) hashes from token hashes: a rolling polynomial over the token hashes, then a 64-bit
/// finalizer, so no string is ever built and each shingle costs O(1) whatever its size.
/// </summary>
/// <remarks>
/// A text of at least n tokens gives <c>len - n + 1</c> shingles; a shorter non-empty text gives one shingle of
/// all its tokens, as datasketch's <c>range(max(1, len - n + 1))</c>. An empty text gives no shingle.
/// </remarks>
internal static class Shingler
{
    // Odd multiplier of the polynomial (the 64-bit golden ratio); arithmetic is mod 2^64.
    private const ulong Base = 0x9E3779B97F4A7C15UL;

    /// <summary>Number of shingles of size <paramref name="shingleSize"/> in a text of <paramref name="tokenCount"/> tokens.</summary>
    public static int Count(int tokenCount, int shingleSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleSize, 1);
        return tokenCount == 0 ? 0 : Math.Max(1, tokenCount - shingleSize + 1);
    }

    /// <summary>Writes the hash of each word n-gram of <paramref name="tokens"/> into <paramref name="destination"/> and returns the count.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public static int Write(ReadOnlySpan<Token> tokens, int shingleSize, Span<ulong> destination)
    {
        int count = Count(tokens.Length, shingleSize);
        if (destination.Length < count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} shingles; {count} are needed.", nameof(destination));
        }

        if (count == 0)
        {
            return 0;
        }

        int k = Math.Min(shingleSize, tokens.Length);
        ulong top = Power(k - 1);
        ulong h = 0;
        for (int j = 0; j < k; j++)
        {
            h = (h * Base) + tokens[j].Hash;
        }

        destination[0] = Mix(h, k);
        for (int i = 1; i < count; i++)
        {
            h = ((h - (tokens[i - 1].Hash * top)) * Base) + tokens[i + k - 1].Hash;
            destination[i] = Mix(h, k);
        }

        return count;
    }

    /// <summary>Same as <see cref="Write(ReadOnlySpan{Token}, int, Span{ulong})"/> over bare token hashes.</summary>
    public static int Write(ReadOnlySpan<ulong> tokenHashes, int shingleSize, Span<ulong> destination)
    {
        int count = Count(tokenHashes.Length, shingleSize);
        if (destination.Length < count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} shingles; {count} are needed.", nameof(destination));
        }

        if (count == 0)
        {
            return 0;
        }

        int k = Math.Min(shingleSize, tokenHashes.Length);
        ulong top = Power(k - 1);
        ulong h = 0;
        for (int j = 0; j < k; j++)
        {
            h = (h * Base) + tokenHashes[j];
        }

        destination[0] = Mix(h, k);
        for (int i = 1; i < count; i++)
        {
            h = ((h - (tokenHashes[i - 1] * top)) * Base) + tokenHashes[i + k - 1];
            destination[i] = Mix(h, k);
        }

        return count;
    }

    /// <summary>Sorts <paramref name="shingles"/> in place, moves the distinct values to its front and returns their count.</summary>
    public static int Distinct(Span<ulong> shingles)
    {
        if (shingles.Length < 2)
        {
            return shingles.Length;
        }

        shingles.Sort();
        int n = 1;
        for (int i = 1; i < shingles.Length; i++)
        {
            if (shingles[i] != shingles[n - 1])
            {
                shingles[n++] = shingles[i];
            }
        }

        return n;
    }

    private static ulong Power(int e)
    {
        ulong p = 1;
        for (int i = 0; i < e; i++)
        {
            p *= Base;
        }

        return p;
    }

    // MurmurHash3 fmix64, salted with the n-gram length so a short text's one shingle differs from any 5-gram.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h, int k)
    {
        h ^= BitOperations.RotateLeft((ulong)k, 56);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
