using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NearDup.Boilerplate;

/// <summary>
/// A line's characters read 32 at a time as bit masks (bit i for the block's character i), for the word counts that
/// read every line of a story's members (<see cref="IntrusionDetector.SpacedWords"/>, <see cref="FurnitureCues"/>'
/// word starts). ASCII only: a block holding any other character is left to <see cref="char"/>'s own classes.
/// </summary>
internal static class AsciiLineBlock
{
    /// <summary>Characters a block holds.</summary>
    public const int Length = 32;

    /// <summary>Whether blocks are read as vectors here (else callers go character by character).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// The block at the start of <paramref name="line"/> (at least <see cref="Length"/> characters): its white space
    /// (as <see cref="char.IsWhiteSpace(char)"/>), its spaces (' ') and its letters and digits (as
    /// <see cref="char.IsLetterOrDigit(char)"/>). False, and no masks, when a character is not ASCII.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> line, out uint whiteSpace, out uint spaces, out uint letterOrDigit)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(line);
        var low = Vector256.Create<ushort>(chars[..16]);
        var high = Vector256.Create<ushort>(chars.Slice(16, 16));
        if (Vector256.GreaterThanAny(low | high, Vector256.Create((ushort)0x7F)))
        {
            (whiteSpace, spaces, letterOrDigit) = (0, 0, 0);
            return false;
        }

        spaces = Mask(Vector256.Equals(low, Vector256.Create((ushort)' ')), Vector256.Equals(high, Vector256.Create((ushort)' ')));
        whiteSpace = spaces | Mask(IsControlSpace(low), IsControlSpace(high));
        letterOrDigit = Mask(IsLetterOrDigit(low), IsLetterOrDigit(high));
        return true;

        static uint Mask(Vector256<ushort> low, Vector256<ushort> high) =>
            low.ExtractMostSignificantBits() | (high.ExtractMostSignificantBits() << 16);

        // White space below 0x80 besides the space: tab to carriage return.
        static Vector256<ushort> IsControlSpace(Vector256<ushort> c) =>
            Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'\t'), Vector256.Create((ushort)('\r' - '\t')));

        static Vector256<ushort> IsLetterOrDigit(Vector256<ushort> c) =>
            Vector256.LessThanOrEqual(c - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9))
            | Vector256.LessThanOrEqual((c | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')));
    }
}
