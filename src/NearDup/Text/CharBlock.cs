using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NearDup.Text;

/// <summary>
/// 32 chars of a text classified at once by vector, one bit a char (bit k for char k): the block scans of the
/// tokenizer and the language detector step from word to word with these masks instead of char by char.
/// </summary>
internal readonly ref struct CharBlock
{
    /// <summary>Chars in a block.</summary>
    public const int Width = 32;

    private readonly Vector256<ushort> low;
    private readonly Vector256<ushort> high;

    /// <summary>The block <c>text[start..start + Width]</c>, which must lie inside the text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CharBlock(ReadOnlySpan<char> text, int start)
    {
        Debug.Assert(start >= 0 && start <= text.Length - Width, "the block lies inside the text");
        ref ushort chars = ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start));
        low = Vector256.LoadUnsafe(ref chars);
        high = Vector256.LoadUnsafe(ref chars, (nuint)Vector256<ushort>.Count);
    }

    /// <summary>ASCII letters, either case.</summary>
    public uint Letters
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Bits(InRange(low | Vector256.Create((ushort)0x20), 'a', 'z'), InRange(high | Vector256.Create((ushort)0x20), 'a', 'z'));
    }

    /// <summary>ASCII digits.</summary>
    public uint Digits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Bits(InRange(low, '0', '9'), InRange(high, '0', '9'));
    }

    /// <summary>Chars above U+007F.</summary>
    public uint NonAscii
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Bits(Vector256.GreaterThan(low, Vector256.Create((ushort)0x7F)), Vector256.GreaterThan(high, Vector256.Create((ushort)0x7F)));
    }

    /// <summary>The chars equal to <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Equal(char c) => Bits(Vector256.Equals(low, Vector256.Create((ushort)c)), Vector256.Equals(high, Vector256.Create((ushort)c)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> InRange(Vector256<ushort> chars, char first, char last) =>
        Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)first), Vector256.Create((ushort)(last - first)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bits(Vector256<ushort> low, Vector256<ushort> high) => low.ExtractMostSignificantBits() | (high.ExtractMostSignificantBits() << 16);
}
