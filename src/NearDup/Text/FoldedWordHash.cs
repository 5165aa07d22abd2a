using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NearDup.Text;

/// <summary>
/// XXH3-64 (seed 0, the default secret) of a short ASCII word's folded UTF-16 form, read straight from the text:
/// the same value as <c>XxHash3.HashToUInt64</c> over the folded chars (tests compare them), without writing the
/// folded word to a buffer first.
/// </summary>
/// <remarks>A word of ASCII letters and digits folds by setting bit 0x20 of every char (digits have it already), so
/// four chars fold as one 64-bit OR. Only the 1–32 byte cases of XXH3 (words of 1–16 chars) are here.</remarks>
internal static class FoldedWordHash
{
    /// <summary>Longest word (in chars) hashed here.</summary>
    public const int MaxLength = 16;

    private const ulong FoldBits = 0x0020_0020_0020_0020UL;
    private const uint FoldBits32 = 0x0020_0020U;
    private const ulong Prime64_1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime64_2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime64_3 = 0x165667B19E3779F9UL;
    private const ulong PrimeMx1 = 0x165667919E3779F9UL;
    private const ulong PrimeMx2 = 0x9FB21C651E98DF25UL;

    // Words of XXH3's default secret (its first 32 bytes), as its 1–32 byte cases read them (seed 0).
    private const ulong Secret0 = 0xBE4BA423396CFEB8UL;
    private const ulong Secret8 = 0x1CAD21F72C81017CUL;
    private const ulong Secret16 = 0xDB979083E96DD4DEUL;
    private const ulong Secret24 = 0x1F67B3B7A4A44072UL;
    private const uint Bitflip1To3 = 0x396CFEB8U ^ 0xBE4BA423U;
    private const ulong Bitflip4To8 = Secret8 ^ Secret16;
    private const ulong Bitflip9To16Low = Secret24 ^ 0x78E5C0CC4EE679CBUL;
    private const ulong Bitflip9To16High = 0x2172FFCC7DD05A82UL ^ 0x8E2443F7744608B8UL;

    /// <summary>Hash of <c>word[0..length]</c> folded; every char an ASCII letter or digit, 1 ≤ length ≤ 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ref char word, int length)
    {
        Debug.Assert(length is >= 1 and <= MaxLength, "1 to 16 chars");
        ref byte bytes = ref Unsafe.As<char, byte>(ref word);
        uint len = (uint)length * 2;
        if (length > 8)
        {
            // 17–32 bytes: the first and the last 16, each mixed with 16 bytes of the secret.
            ulong acc = len * Prime64_1;
            acc += Mix16(ref bytes, Secret0, Secret8);
            acc += Mix16(ref Unsafe.Add(ref bytes, len - 16), Secret16, Secret24);
            return Avalanche(acc);
        }

        if (length > 4)
        {
            ulong low = (Unsafe.ReadUnaligned<ulong>(ref bytes) | FoldBits) ^ Bitflip9To16Low;
            ulong high = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, len - 8)) | FoldBits) ^ Bitflip9To16High;
            ulong product = Math.BigMul(low, high, out ulong lowProduct);
            return Avalanche(len + BinaryPrimitives.ReverseEndianness(low) + high + (product ^ lowProduct));
        }

        if (length > 1)
        {
            uint first = Unsafe.ReadUnaligned<uint>(ref bytes) | FoldBits32;
            uint last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bytes, len - 4)) | FoldBits32;
            ulong keyed = (last + ((ulong)first << 32)) ^ Bitflip4To8;
            keyed ^= BitOperations.RotateLeft(keyed, 49) ^ BitOperations.RotateLeft(keyed, 24);
            keyed *= PrimeMx2;
            keyed ^= (keyed >> 35) + len;
            keyed *= PrimeMx2;
            return keyed ^ (keyed >> 28);
        }

        // One char, two bytes: c1 = the char, c2 = c3 = its high byte (0).
        uint c = (uint)word | 0x20;
        ulong h = ((c << 16) | (2u << 8)) ^ Bitflip1To3;
        h ^= h >> 33;
        h *= Prime64_2;
        h ^= h >> 29;
        h *= Prime64_3;
        return h ^ (h >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix16(ref byte input, ulong secretLow, ulong secretHigh)
    {
        ulong low = (Unsafe.ReadUnaligned<ulong>(ref input) | FoldBits) ^ secretLow;
        ulong high = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref input, 8)) | FoldBits) ^ secretHigh;
        ulong product = Math.BigMul(low, high, out ulong lowProduct);
        return product ^ lowProduct;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 37;
        h *= PrimeMx1;
        return h ^ (h >> 32);
    }
}
