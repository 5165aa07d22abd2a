using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace NearDup.Text;

/// <summary>
/// Splits text into words with their offsets in the original and a hash of each word's normalized form
/// (Unicode NFKC, case folded, quote, dash and apostrophe variants folded).
/// </summary>
/// <remarks>
/// A word is a run of letters, digits and combining marks, as the <c>\w+</c> that datasketch and most dedup
/// tools shingle on, so apostrophes and hyphens split words ("Korea’s" and "Korea's" both give korea, s).
/// Han ideographs and kana, written without spaces, are one token each.
/// </remarks>
[SkipLocalsInit] // the per-word stackalloc fold buffer need not be zeroed
internal static class Tokenizer
{
    private const int StackFold = 128;

    // Largest buffer a thread keeps between texts: a huge document's tokens are let go with it.
    private const int MaxKeptBuffer = 1 << 20;

    // The calling thread's token buffer, lent out by Lease (and so by Tokenize(string)): one buffer a thread grown to
    // its largest ordinary document, instead of one per stage.
    [ThreadStatic]
    private static Token[]? threadBuffer;

    /// <summary>Tokenizes <paramref name="text"/> into a new array.</summary>
    public static Token[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var lease = Lease(text);
        return lease.Tokens.ToArray(); // only the exact-size copy is allocated
    }

    /// <summary>
    /// Tokenizes <paramref name="text"/> into the calling thread's buffer, lent until the lease is disposed: no
    /// allocation once the thread's buffer has grown to its largest document. A nested lease on the same thread gets
    /// a buffer of its own, so tokens in use are never overwritten.
    /// </summary>
    public static TokenLease Lease(ReadOnlySpan<char> text)
    {
        Token[] buffer = threadBuffer ?? new Token[Math.Max(1024, text.Length / 5)];
        threadBuffer = null;
        int count = Tokenize(text, ref buffer);
        return new TokenLease(buffer, count);
    }

    // A lease's buffer back to its thread (a huge document's is not kept).
    internal static void GiveBack(Token[] buffer) => threadBuffer = buffer.Length <= MaxKeptBuffer ? buffer : threadBuffer;

    /// <summary>
    /// Tokenizes <paramref name="text"/> into <paramref name="buffer"/>, growing it when full, and returns the count.
    /// Reusing one buffer across documents allocates nothing per token.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, ref Token[] buffer)
    {
        Span<char> folded = stackalloc char[StackFold];
        int count = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (Vector256.IsHardwareAccelerated && i <= text.Length - Block)
            {
                // Block path: whole ASCII words that start and end inside the next 32 chars, classified by vector.
                int next = AsciiBlock(text, i, ref buffer, ref count);
                if (next > i)
                {
                    i = next;
                    continue;
                }
            }

            // Fast path: a word of ASCII letters and digits ended by ASCII (or the text's end) folds by one bit and
            // hashes as HashWord would, without the general loop's per-character classification; folded as it is
            // scanned (one pass, no table lookup).
            char c = text[i];
            if (c < 0x80)
            {
                int end = i;
                while (end < text.Length)
                {
                    char ch = text[end];
                    uint lower = ch | 0x20u;
                    bool letter = lower - 'a' <= 'z' - 'a';
                    if (!letter && (uint)(ch - '0') > 9)
                    {
                        break;
                    }

                    if (end - i < StackFold)
                    {
                        folded[end - i] = letter ? (char)lower : ch;
                    }

                    end++;
                }

                if (end == i)
                {
                    i++; // not a word character
                    continue;
                }

                if ((end == text.Length || text[end] < 0x80) && end - i <= StackFold)
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, Math.Max(16, buffer.Length * 2));
                    }

                    buffer[count++] = new Token(i, end, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded[..(end - i)])));
                    i = end;
                    continue;
                }
            }

            int width = WordCharWidth(text, i, out bool single);
            if (width == 0)
            {
                i++;
                continue;
            }

            int start = i;
            i += width;
            if (!single)
            {
                while (i < text.Length)
                {
                    int w = WordCharWidth(text, i, out bool s);
                    if (w == 0 || s)
                    {
                        break;
                    }

                    i += w;
                }
            }

            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(16, buffer.Length * 2));
            }

            buffer[count++] = new Token(start, i, HashWord(text[start..i]));
        }

        return count;
    }

    // Chars classified at once by the block path.
    private const int Block = CharBlock.Width;

    // Most words the block path takes from one block: each ends on a separator inside the block.
    private const int MaxBlockWords = Block / 2;

    // Tokens of the ASCII words that lie wholly in text[i..i + Block] and are followed by an ASCII char there, in
    // order, from i on: returns where the general loop goes on (i itself when the block path cannot take the first
    // word: a non-ASCII char, or a word running past the block). A word of up to 16 chars is hashed from the text by
    // FoldedWordHash; a longer one is folded to a buffer and hashed as HashWord would. i is never inside a word.
    private static int AsciiBlock(ReadOnlySpan<char> text, int i, ref Token[] buffer, ref int count)
    {
        ref char at = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), i);
        if (buffer.Length - count < MaxBlockWords)
        {
            Array.Resize(ref buffer, Math.Max(count + MaxBlockWords, buffer.Length * 2)); // room for the block's words, checked once
        }

        var block = new CharBlock(text, i);
        ulong word = block.LettersAndDigits;
        ulong other = block.NonAscii;
        int limit = Block;
        ulong ends = ~word & (word << 1); // the char after each word
        if (other != 0)
        {
            // Only up to the first non-ASCII char: a word that reaches it may go on into it (the general loop's).
            limit = BitOperations.TrailingZeroCount(other);
            ulong before = (1UL << limit) - 1;
            word &= before;
            ends &= before;
        }

        // Starts and ends alternate, so the k-th start pairs with the k-th end: two independent bit walks instead of
        // a search for each word's end from its start, and a loop count known up front.
        ulong starts = word & ~(word << 1);
        int n = BitOperations.PopCount(ends);
        int found = count;
        ref Token tokens = ref MemoryMarshal.GetArrayDataReference(buffer);
        for (int k = 0; k < n; k++)
        {
            int start = BitOperations.TrailingZeroCount(starts);
            int end = BitOperations.TrailingZeroCount(ends);
            starts &= starts - 1;
            ends &= ends - 1;
            int length = end - start;
            ulong hash = length <= FoldedWordHash.MaxLength
                ? FoldedWordHash.Hash(ref Unsafe.Add(ref at, start), length)
                : HashAsciiWord(text.Slice(i + start, length));
            Unsafe.Add(ref tokens, found++) = new Token(i + start, i + end, hash);
        }

        count = found;
        // A word left without an end runs past the block (or into a non-ASCII char): the next block, or the general
        // loop, starts on it.
        return starts != 0 ? i + BitOperations.TrailingZeroCount(starts) : i + limit;
    }

    // An ASCII word of letters and digits longer than FoldedWordHash takes: folded (bit 0x20) to a buffer, hashed.
    private static ulong HashAsciiWord(ReadOnlySpan<char> word)
    {
        Span<char> folded = stackalloc char[Block];
        for (int k = 0; k < word.Length; k++)
        {
            folded[k] = (char)(word[k] | 0x20);
        }

        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded[..word.Length]));
    }

    /// <summary>The normalized form of one word, as hashed: for display and tests, not for hot paths.</summary>
    public static string NormalizeWord(ReadOnlySpan<char> word)
    {
        Span<char> folded = stackalloc char[StackFold];
        char[]? rented = null;
        try
        {
            int n = Fold(word, ref folded, ref rented);
            return new string(folded[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Hash of one word's normalized form; equal for words that normalize alike.</summary>
    public static ulong HashWord(ReadOnlySpan<char> word)
    {
        Span<char> folded = stackalloc char[StackFold];
        char[]? rented = null;
        try
        {
            int n = Fold(word, ref folded, ref rented);
            return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded[..n]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int Fold(ReadOnlySpan<char> word, ref Span<char> folded, ref char[]? rented)
    {
        bool ascii = true;
        for (int k = 0; k < word.Length; k++)
        {
            if (word[k] > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            if (word.Length > folded.Length)
            {
                rented = ArrayPool<char>.Shared.Rent(word.Length);
                folded = rented;
            }

            for (int k = 0; k < word.Length; k++)
            {
                char ch = word[k];
                folded[k] = (uint)(ch - 'A') <= 'Z' - 'A' ? (char)(ch | 0x20) : ch;
            }

            return word.Length;
        }

        // Rare path: NFKC folds ligatures, full-width and compatibility forms; then lower-case.
        string normalized = word.ToString().Normalize(NormalizationForm.FormKC);
        if (normalized.Length > folded.Length)
        {
            rented = ArrayPool<char>.Shared.Rent(normalized.Length);
            folded = rented;
        }

        int n = normalized.AsSpan().ToLowerInvariant(folded);
        return n < 0 ? 0 : n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WordCharWidth(ReadOnlySpan<char> text, int i, out bool single)
    {
        single = false;
        char c = text[i];
        if (c < 0x80)
        {
            return AsciiWord[c] ? 1 : 0;
        }

        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                if (Rune.IsLetterOrDigit(rune))
                {
                    single = rune.Value is >= 0x20000 and <= 0x3FFFF; // CJK extension planes
                    return 2;
                }
            }

            return 0;
        }

        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3040 && c <= 0x30FF))
        {
            single = true;
            return 1;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
                return 1;
            default:
                return 0;
        }
    }

    private static readonly bool[] AsciiWord = BuildAsciiWord();

    private static bool[] BuildAsciiWord()
    {
        var table = new bool[128];
        for (int c = '0'; c <= '9'; c++)
        {
            table[c] = true;
        }

        for (int c = 'a'; c <= 'z'; c++)
        {
            table[c] = true;
            table[c - 32] = true;
        }

        return table;
    }
}
