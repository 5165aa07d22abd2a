using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// BERT uncased tokenization: the basic tokenizer (lower case, accents stripped, punctuation and CJK characters
/// split off) followed by greedy longest-match WordPiece, as in Devlin et al. (2019) and HuggingFace's
/// <c>BertTokenizer</c>.
/// </summary>
internal sealed class WordPieceTokenizer
{
    private const int MaxWordChars = 100; // longer words become [UNK], as in BERT
    private const char LatinFoldFirst = '\u00C0';
    private const int MaxDecomposition = 32; // one code point's NFD is at most a handful of chars

    // U+00C0..U+024F lower-cased with accents stripped (NFD minus combining marks), as Python's str.lower and unicodedata.
    private const string LatinFold = "aaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00D7\u00F8uuuuy\u00FE\u00DFaaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00F7\u00F8uuuuy\u00FEyaaaaaaccccccccdd\u0111\u0111eeeeeeeeeegggggggghh\u0127\u0127iiiiiiiii\u0131\u0133\u0133jjkk\u0138llllll\u0140\u0140\u0142\u0142nnnnnn\u0149\u014B\u014Boooooo\u0153\u0153rrrrrrsssssssstttt\u0167\u0167uuuuuuuuuuuuwwyyyzzzzzz\u017F\u0180\u0253\u0183\u0183\u0185\u0185\u0254\u0188\u0188\u0256\u0257\u018C\u018C\u018D\u01DD\u0259\u025B\u0192\u0192\u0260\u0263\u0195\u0269\u0268\u0199\u0199\u019A\u019B\u026F\u0272\u019E\u0275oo\u01A3\u01A3\u01A5\u01A5\u0280\u01A8\u01A8\u0283\u01AA\u01AB\u01AD\u01AD\u0288uu\u028A\u028B\u01B4\u01B4\u01B6\u01B6\u0292\u01B9\u01B9\u01BA\u01BB\u01BD\u01BD\u01BE\u01BF\u01C0\u01C1\u01C2\u01C3\u01C6\u01C6\u01C6\u01C9\u01C9\u01C9\u01CC\u01CC\u01CCaaiioouuuuuuuuuu\u01DDaaaa\u00E6\u00E6\u01E5\u01E5ggkkoooo\u0292\u0292j\u01F3\u01F3\u01F3gg\u0195\u01BFnnaa\u00E6\u00E6\u00F8\u00F8aaaaeeeeiiiioooorrrruuuusstt\u021D\u021Dhh\u019E\u0221\u0223\u0223\u0225\u0225aaeeooooooooyy\u0234\u0235\u0236\u0237\u0238\u0239\u2C65\u023C\u023C\u019A\u2C66\u023F\u0240\u0242\u0242\u0180\u0289\u028C\u0247\u0247\u0249\u0249\u024B\u024B\u024D\u024D\u024F\u024F";
    private readonly Dictionary<string, int> vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly string[] tokens;

    // Words the vocabulary does not hold whole, by their folded text, with their pieces: greedy longest match costs a
    // look-up per candidate piece (most of the static encoder's time), and a corpus repeats its names and rare words.
    // A trailing -1 marks a word whose rest matched no piece. Bounded: words past the cap are split each time.
    private readonly ConcurrentDictionary<string, int[]> splitWords = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> splitLookup;
    private int splitCount;
    private const int MaxSplitWords = 1 << 17;

    /// <summary>Builds a tokenizer from a vocabulary, one token per line (line number = id).</summary>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        this.vocabulary = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        tokens = new string[vocabulary.Count];
        for (int i = 0; i < vocabulary.Count; i++)
        {
            tokens[i] = vocabulary[i];
            this.vocabulary.TryAdd(vocabulary[i], i);
        }

        lookup = this.vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        splitLookup = splitWords.GetAlternateLookup<ReadOnlySpan<char>>();
        PadId = Id("[PAD]");
        UnknownId = Id("[UNK]");
        ClassificationId = Id("[CLS]");
        SeparatorId = Id("[SEP]");
    }

    public int PadId { get; }

    public int UnknownId { get; }

    public int ClassificationId { get; }

    public int SeparatorId { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabularySize => tokens.Length;

    /// <summary>The token string of an id.</summary>
    public string Token(int id) => tokens[id];

    /// <summary>
    /// Appends the WordPiece ids of <paramref name="text"/> to <paramref name="ids"/> (no [CLS]/[SEP]) and
    /// stops after <paramref name="maxTokens"/> ids. Returns how many were written.
    /// </summary>
    public int Encode(ReadOnlySpan<char> text, Span<int> ids, int maxTokens)
    {
        maxTokens = Math.Min(maxTokens, ids.Length);
        Span<char> word = stackalloc char[MaxWordChars + 2];
        Span<char> units = stackalloc char[2];
        Span<char> decomposed = stackalloc char[MaxDecomposition];
        int count = 0;
        int length = 0;
        bool tooLong = false;
        int i = 0;
        while (i < text.Length && count < maxTokens)
        {
            char c = text[i];
            if (c < 0x80)
            {
                i++;
                if (c is ' ' or '\t' or '\n' or '\r')
                {
                    count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                    continue;
                }

                if (c < ' ' || c == 0x7F)
                {
                    continue; // BERT's clean-up drops control characters without splitting the word
                }

                if (IsAsciiPunctuation(c))
                {
                    count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                    Append(word, ref length, ref tooLong, c);
                    count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                    continue;
                }

                Append(word, ref length, ref tooLong, (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c);
                continue;
            }

            // Rare path: one code point, decomposed, accents dropped, lower-cased.
            int width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var point = text.Slice(i, width);
            i += width;
            if (Rune.DecodeFromUtf16(point, out Rune rune, out _) != System.Buffers.OperationStatus.Done)
            {
                continue;
            }

            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                || rune.Value == 0xFFFD)
            {
                continue; // dropped, as BERT's _clean_text does: "thin\u200Bspace" is one word
            }

            if (Rune.IsWhiteSpace(rune))
            {
                count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                continue;
            }

            if (IsCjk(rune.Value) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune) && IsBertPunctuation(rune))
            {
                count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                string single = rune.ToString().ToLowerInvariant();
                foreach (char ch in single)
                {
                    Append(word, ref length, ref tooLong, ch);
                }

                count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
                continue;
            }

            if (width == 1 && c >= LatinFoldFirst && c < LatinFoldFirst + LatinFold.Length)
            {
                Append(word, ref length, ref tooLong, LatinFold[c - LatinFoldFirst]);
                continue;
            }

            // Combining marks are what BERT's accent stripping drops.
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            // Lower-case, decompose (NFD) and drop the marks, as BERT's strip_accents: Greek tonos goes, a Hangul
            // syllable becomes its jamo. The Latin letters above skip this (the common case, table-driven).
            Rune lower = Rune.ToLowerInvariant(rune);
            int written = lower.EncodeToUtf16(units);
            ReadOnlySpan<char> lowered = units[..written];
            if (!lowered.IsNormalized(NormalizationForm.FormD) && lowered.TryNormalize(decomposed, out int decomposedLength, NormalizationForm.FormD))
            {
                lowered = decomposed[..decomposedLength];
            }

            foreach (char unit in lowered)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(unit) != UnicodeCategory.NonSpacingMark)
                {
                    Append(word, ref length, ref tooLong, unit);
                }
            }
        }

        if (count < maxTokens)
        {
            count = Flush(word, ref length, ref tooLong, ids, count, maxTokens);
        }

        return count;
    }

    /// <summary>The id of an exact token string, or [UNK]'s id.</summary>
    public int Id(ReadOnlySpan<char> token) => lookup.TryGetValue(token, out int id) ? id : UnknownId;

    // The word sits at word[2..]; the two slots before a piece take "##" for continuation look-ups.
    private static void Append(Span<char> word, ref int length, ref bool tooLong, char c)
    {
        if (length < MaxWordChars)
        {
            word[2 + length++] = c;
        }
        else
        {
            tooLong = true;
        }
    }

    private int Flush(Span<char> word, ref int length, ref bool tooLong, Span<int> ids, int count, int maxTokens)
    {
        if (length == 0)
        {
            return count;
        }

        int n = length;
        bool unknown = tooLong;
        length = 0;
        tooLong = false;
        if (unknown)
        {
            ids[count] = UnknownId;
            return count + 1;
        }

        var whole = word.Slice(2, n);
        if (lookup.TryGetValue(whole, out int id))
        {
            if (count == maxTokens)
            {
                return count;
            }

            ids[count] = id;
            return count + 1;
        }

        if (!splitLookup.TryGetValue(whole, out int[]? pieces))
        {
            string key = whole.ToString(); // before Split, which writes "##" over the word's head
            pieces = Split(word, n);
            if (Volatile.Read(ref splitCount) < MaxSplitWords && splitWords.TryAdd(key, pieces))
            {
                Interlocked.Increment(ref splitCount);
            }
        }

        // Written as the greedy loop did: pieces until maxTokens, then [UNK] alone in the word's place if its rest matched nothing.
        int written = count;
        foreach (int piece in pieces)
        {
            if (piece < 0)
            {
                ids[count] = UnknownId;
                return count + 1;
            }

            if (written == maxTokens)
            {
                return written;
            }

            ids[written++] = piece;
        }

        return written;
    }

    // Greedy longest-match pieces of a word the vocabulary does not hold whole (at word[2..2+n]), -1 after them when
    // the rest matches no piece (BERT makes the word one [UNK]).
    private int[] Split(Span<char> word, int n)
    {
        Span<int> pieces = stackalloc int[MaxWordChars + 1];
        int count = 0;
        int start = 0;
        while (start < n)
        {
            int found = -1;
            int end = start == 0 ? n - 1 : n; // the whole word missed already
            for (; end > start; end--)
            {
                ReadOnlySpan<char> piece;
                if (start == 0)
                {
                    piece = word.Slice(2, end);
                }
                else
                {
                    word[start] = '#';
                    word[start + 1] = '#';
                    piece = word.Slice(start, end - start + 2);
                }

                if (lookup.TryGetValue(piece, out found))
                {
                    break;
                }

                found = -1;
            }

            pieces[count++] = found;
            if (found < 0)
            {
                break;
            }

            start = end;
        }

        return pieces[..count].ToArray();
    }

    private static bool IsAsciiPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    // BERT counts the ASCII symbol ranges as punctuation; other Unicode symbols stay inside words.
    private static bool IsBertPunctuation(Rune rune) => rune.Value < 0x80;

    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
