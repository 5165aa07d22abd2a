using System.Collections.Frozen;
using System.Globalization;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using NearDup.Text;

namespace NearDup.Language;

/// <summary>
/// Tells the language of a text from its first <see cref="SampleCharacters"/> characters: the script of its letters
/// first (Hangul is Korean, kana Japanese, Greek Greek ...), then, within Latin, Cyrillic and Arabic script, a
/// profile of each language's most frequent words and letters. Returns an ISO 639-1 code (<c>en</c>, <c>pt</c>,
/// <c>ko</c>) or <see cref="Undetermined"/> (<c>und</c>) when the sample holds too few letters or words to say.
/// </summary>
/// <remarks>
/// Approximate by design: the task is telling English from other languages before an English-only model sees a
/// text, and same-language pairs from different-language ones. On news paragraphs the frequent words decide within a
/// few sentences. A short plain-ASCII text that no profile claims (a headline) is taken as English; other Latin-script
/// languages without a profile here write accents and are <c>und</c>. Cost: one pass over the sample, no allocation;
/// thread-safe.
/// </remarks>
internal static class LanguageDetector
{
    /// <summary>The BCP 47 code for "not determined".</summary>
    public const string Undetermined = "und";

    /// <summary>Characters of a text looked at; the rest does not change the answer and is not read.</summary>
    public const int SampleCharacters = 2000;

    // Fewer letters than this in the sample: no language.
    private const int MinLetters = 12;

    // Words of a "short text" for the plain-ASCII rule of ByWords.
    private const int MaxShortWords = 40;

    // A profiled language must account for this share of the sample's words (news prose: 25-50 %).
    private const double MinWordShare = 0.08;

    /// <summary>The language of <paramref name="text"/>: an ISO 639-1 code, or <see cref="Undetermined"/>.</summary>
    public static string Detect(ReadOnlySpan<char> text)
    {
        var sample = text[..Math.Min(text.Length, SampleCharacters)];
        Span<int> scripts = stackalloc int[ScriptCount];
        int letters = 0, ascii = 0;
        int i = 0;
        while (i < sample.Length)
        {
            // Runs of ASCII are counted by vector; only the other characters are looked at one by one.
            int run = sample[i..].IndexOfAnyExceptInRange('\0', '\u007F');
            int end = run < 0 ? sample.Length : i + run;
            ascii += CountAsciiLetters(sample[i..end]);
            if (end == sample.Length)
            {
                break;
            }

            var script = ScriptOf(sample[end]);
            if (script != Script.None)
            {
                scripts[(int)script]++;
                letters++;
            }

            i = end + 1;
        }

        scripts[(int)Script.Latin] += ascii;
        letters += ascii;

        if (letters < MinLetters)
        {
            return Undetermined;
        }

        var dominant = Script.None;
        for (int s = 1; s < ScriptCount; s++)
        {
            if (scripts[s] > scripts[(int)dominant])
            {
                dominant = (Script)s;
            }
        }

        return dominant switch
        {
            Script.Hangul => "ko",
            Script.Kana => "ja",
            Script.Han => scripts[(int)Script.Kana] * 20 >= scripts[(int)Script.Han] ? "ja" : "zh",
            Script.Greek => "el",
            Script.Hebrew => "he",
            Script.Thai => "th",
            Script.Devanagari => "hi",
            Script.Georgian => "ka",
            Script.Armenian => "hy",
            Script.Cyrillic => Cyrillic(sample, scripts[(int)Script.Cyrillic]),
            Script.Arabic => Arabic(sample, scripts[(int)Script.Arabic]),
            Script.Latin => ByWords(sample, onlyAscii: ascii == scripts[(int)Script.Latin]),
            _ => Undetermined,
        };
    }

    private static int CountAsciiLetters(ReadOnlySpan<char> text)
    {
        int count = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var chars = MemoryMarshal.Cast<char, ushort>(text);
            var caseBit = Vector256.Create((ushort)0x20);
            var a = Vector256.Create((ushort)'a');
            var lastLetter = Vector256.Create((ushort)('z' - 'a'));
            for (; i <= chars.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                var lower = Vector256.Create(chars.Slice(i, Vector256<ushort>.Count)) | caseBit;
                count += BitOperations.PopCount(Vector256.LessThanOrEqual(lower - a, lastLetter).ExtractMostSignificantBits());
            }
        }

        for (; i < text.Length; i++)
        {
            count += (text[i] | 0x20u) - 'a' <= 'z' - 'a' ? 1 : 0;
        }

        return count;
    }

    /// <summary>True when <paramref name="language"/> is one of <paramref name="covered"/> (codes compared ordinally).</summary>
    public static bool IsCovered(string language, IReadOnlyCollection<string> covered)
    {
        ArgumentNullException.ThrowIfNull(covered);
        foreach (string c in covered)
        {
            if (string.Equals(c, language, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private enum Script
    {
        None,
        Latin,
        Cyrillic,
        Greek,
        Arabic,
        Hebrew,
        Hangul,
        Kana,
        Han,
        Thai,
        Devanagari,
        Georgian,
        Armenian,
        Other,
    }

    private const int ScriptCount = (int)Script.Other + 1;

    private static Script ScriptOf(char c) => c switch
    {
        >= '\u00C0' and <= '\u024F' when c is not ('\u00D7' or '\u00F7') => Script.Latin,
        >= '\u1E00' and <= '\u1EFF' => Script.Latin,
        >= '\u0370' and <= '\u03FF' => Script.Greek,
        >= '\u1F00' and <= '\u1FFF' => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        >= '\u0530' and <= '\u058F' => Script.Armenian,
        >= '\u0590' and <= '\u05FF' => Script.Hebrew,
        >= '\u0600' and <= '\u06FF' => Script.Arabic,
        >= '\u0750' and <= '\u077F' => Script.Arabic,
        >= '\u0900' and <= '\u097F' => Script.Devanagari,
        >= '\u0E00' and <= '\u0E7F' => Script.Thai,
        >= '\u10A0' and <= '\u10FF' => Script.Georgian,
        >= '\u1100' and <= '\u11FF' => Script.Hangul,
        >= '\u3130' and <= '\u318F' => Script.Hangul,
        >= '\uAC00' and <= '\uD7AF' => Script.Hangul,
        >= '\u3040' and <= '\u30FF' => Script.Kana,
        >= '\u3400' and <= '\u4DBF' => Script.Han,
        >= '\u4E00' and <= '\u9FFF' => Script.Han,
        >= '\uF900' and <= '\uFAFF' => Script.Han,
        _ => char.IsLetter(c) ? Script.Other : Script.None,
    };

    // Ukrainian writes і, ї, є, ґ; Bulgarian has ъ as a vowel and no ы or э; the rest is read as Russian.
    private static string Cyrillic(ReadOnlySpan<char> sample, int cyrillic)
    {
        int ukrainian = 0, hardSign = 0, russianOnly = 0;
        foreach (char c in sample)
        {
            switch (char.ToLowerInvariant(c))
            {
                case 'і' or 'ї' or 'є' or 'ґ':
                    ukrainian++;
                    break;
                case 'ъ':
                    hardSign++;
                    break;
                case 'ы' or 'э' or 'ё':
                    russianOnly++;
                    break;
            }
        }

        if (ukrainian * 100 >= cyrillic)
        {
            return "uk";
        }

        return hardSign * 100 >= cyrillic && russianOnly == 0 ? "bg" : "ru";
    }

    // Persian adds پ چ ژ گ and writes ی and ک; Arabic uses ي and ك.
    private static string Arabic(ReadOnlySpan<char> sample, int arabic)
    {
        int persian = 0;
        foreach (char c in sample)
        {
            persian += c is 'پ' or 'چ' or 'ژ' or 'گ' or 'ی' or 'ک' ? 1 : 0;
        }

        return persian * 50 >= arabic ? "fa" : "ar";
    }

    // Latin script: which language's frequent words make up most of the sample. A short text in plain ASCII that no
    // profile claims (a headline, a line of names: "PHILADELPHIA 76ERS Fired Jim O'Brien, coach.") is taken as
    // English, the language of the web that needs no accents; other languages without a profile have them.
    private static string ByWords(ReadOnlySpan<char> sample, bool onlyAscii)
    {
        Debug.Assert(Profiles.Length <= ProfileScores.MaxProfiles, "a lane for each profile");
        var scores = default(ProfileScores);
        Span<char> lower = stackalloc char[16];
        var lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();
        int words = 0;
        int i = 0;
        while (i < sample.Length)
        {
            if (Vector256.IsHardwareAccelerated && i <= sample.Length - WordBlock)
            {
                // Block path: whole ASCII words inside the next 32 chars, found by vector; the loop below takes the rest.
                int next = AsciiWords(sample, i, ref scores, lower, lookup, ref words);
                if (next > i)
                {
                    i = next;
                    continue;
                }
            }

            char first = sample[i];
            if (first < 0x80 ? (first | 0x20u) - 'a' > 'z' - 'a' : !char.IsLetter(first))
            {
                i++;
                continue;
            }

            // Lower-cased as it is scanned (per character, as ToLowerInvariant does for letters outside the
            // surrogates; an ASCII letter by its case bit), and looked up only when no longer than the longest
            // profile word.
            int start = i;
            while (i < sample.Length)
            {
                char c = sample[i];
                char lowered;
                if (c < 0x80)
                {
                    uint ascii = c | 0x20u;
                    if (ascii - 'a' <= 'z' - 'a')
                    {
                        lowered = (char)ascii;
                    }
                    else if (c == '\'')
                    {
                        lowered = c;
                    }
                    else
                    {
                        break;
                    }
                }
                else if (char.IsLetter(c))
                {
                    lowered = char.ToLowerInvariant(c);
                }
                else
                {
                    break;
                }

                if (i - start < lower.Length)
                {
                    lower[i - start] = lowered;
                }

                i++;
            }

            int n = i - start;
            words++;
            if (n <= MaxProfileWordLength)
            {
                Score(lower[..n], ref scores, lookup);
            }
        }

        int best = 0;
        for (int p = 1; p < Profiles.Length; p++)
        {
            if (scores[p] > scores[best])
            {
                best = p;
            }
        }

        if (words > 0 && scores[best] >= 2 && scores[best] >= words * MinWordShare)
        {
            return Profiles[best].Code;
        }

        return onlyAscii && words <= MaxShortWords && scores[best] == scores[0] ? "en" : Undetermined;
    }

    // Chars looked at once by the block path of ByWords.
    private const int WordBlock = CharBlock.Width;

    // Counts the words of sample[i..i + WordBlock] that are wholly ASCII (a letter, then letters and apostrophes) and
    // end inside the block on an ASCII char, scoring each as ByWords does (an ASCII word lower-cases by its case bit,
    // which leaves the apostrophe as it is). Returns where ByWords goes on: i itself when the first word is not one of
    // these (a non-ASCII char, or a word running past the block). i is never inside a word.
    private static int AsciiWords(ReadOnlySpan<char> sample, int i, ref ProfileScores scores, Span<char> lower,
        FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ref int words)
    {
        var block = new CharBlock(sample, i);
        ulong letter = block.Letters;
        ulong inWord = letter | block.Equal('\'');
        ulong other = block.NonAscii;
        int limit = WordBlock;
        ulong ends = ~inWord & (inWord << 1); // the char after each run of letters and apostrophes
        if (other != 0)
        {
            // Only up to the first non-ASCII char: a word that reaches it may go on into it (the general loop's).
            limit = BitOperations.TrailingZeroCount(other);
            ulong before = (1UL << limit) - 1;
            letter &= before;
            ends &= before;
        }

        // A word is a run's part from its first letter on (leading apostrophes are skipped; a run of apostrophes only
        // is no word): the runs' ends are walked with a loop count known up front, each word's start found from the
        // previous end, instead of searching every word's end from its start.
        int from = 0;
        int runs = BitOperations.PopCount(ends);
        for (int k = 0; k < runs; k++)
        {
            int end = BitOperations.TrailingZeroCount(ends);
            ends &= ends - 1;
            int start = BitOperations.TrailingZeroCount(letter & (ulong.MaxValue << from));
            from = end;
            if (start >= end)
            {
                continue; // apostrophes only
            }

            int n = end - start;
            words++;
            if (n <= PackedWords.MaxLength)
            {
                scores.Add(PackedWords.Find(sample, i + start, n));
            }
            else if (n <= MaxProfileWordLength)
            {
                var word = sample.Slice(i + start, n);
                for (int c = 0; c < n; c++)
                {
                    lower[c] = (char)(word[c] | 0x20);
                }

                Score(lower[..n], ref scores, lookup);
            }
        }

        // A word left without an end runs past the block (or into a non-ASCII char): the next block, or the general
        // loop, starts on it.
        ulong pending = letter & (ulong.MaxValue << from);
        return pending != 0 ? i + BitOperations.TrailingZeroCount(pending) : i + limit;
    }

    // A profile word adds one to the score of each language that lists it.
    private static void Score(ReadOnlySpan<char> word, ref ProfileScores scores, FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup)
    {
        if (MayBeProfileWord(word) && lookup.TryGetValue(word, out int mask))
        {
            scores.Add(mask);
        }
    }

    // Each profile's count of its words in the sample, one lane a profile (bit p of a word's mask is lane p): a word
    // is counted for all profiles by two vector adds, not by a loop over the profiles.
    private struct ProfileScores
    {
        public const int MaxProfiles = 16;

        private Vector256<int> low;
        private Vector256<int> high;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int mask)
        {
            var lowBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
            var highBits = Vector256.Create(256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            var word = Vector256.Create(mask);
            low -= Vector256.Equals(word & lowBits, lowBits); // -1 in each lane whose bit is set
            high -= Vector256.Equals(word & highBits, highBits);
        }

        public readonly int this[int profile] => profile < Vector256<int>.Count ? low.GetElement(profile) : high.GetElement(profile - Vector256<int>.Count);
    }

    // The profiles' ASCII words of up to 8 letters, each packed one byte a letter into a ulong, in buckets of four
    // (32 bytes, one vector compare): the block path looks its ASCII words up without lower-casing them into a buffer
    // or hashing a string, and without a branch. A probe loop's exit (found, empty slot, next slot) was mispredicted
    // about every other word on real text, where about half the words are profile words.
    private static class PackedWords
    {
        public const int MaxLength = 8;

        private const int Bits = 9;

        private const int Ways = 4;

        // A bucket's masks and a fifth, 0, for a word in none of its slots.
        private const int MaskStride = Ways + 1;

        private static readonly ulong[] Keys = new ulong[(1 << Bits) * Ways];
        private static readonly int[] Masks = new int[(1 << Bits) * MaskStride];
        private static readonly ulong Multiplier = Build();

        // Multipliers are tried until every bucket holds its words (a handful of tries with ~300 words in 2,048 slots).
        private static ulong Build()
        {
            var words = Words.Where(w => w.Key.Length <= MaxLength && Ascii.IsValid(w.Key)).ToArray();
            for (ulong multiplier = 0x9E3779B97F4A7C15UL; ; multiplier += 0x2545F4914F6CDD1DUL * 2)
            {
                Array.Clear(Keys);
                Array.Clear(Masks);
                bool placed = true;
                foreach (var (word, mask) in words)
                {
                    ulong key = Pack(word);
                    int bucket = SlotOf(key, multiplier);
                    int way = 0;
                    while (way < Ways && Keys[(bucket * Ways) + way] != 0)
                    {
                        way++;
                    }

                    if (way == Ways)
                    {
                        placed = false;
                        break;
                    }

                    Keys[(bucket * Ways) + way] = key;
                    Masks[(bucket * MaskStride) + way] = mask;
                }

                if (placed)
                {
                    return multiplier;
                }
            }
        }

        // The profiles holding the lower-cased word text[start..start + length] (ASCII, 1 to 8 chars), 0 for none.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Find(ReadOnlySpan<char> text, int start, int length)
        {
            ulong key;
            if (start <= text.Length - MaxLength)
            {
                // Eight chars narrowed to bytes at once (ASCII: the low byte is the char), those past the word cut off.
                var chars = Vector128.LoadUnsafe(ref Unsafe.As<char, ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), start)))
                    | Vector128.Create((ushort)0x20);
                key = Vector128.Narrow(chars, chars).AsUInt64().ToScalar() & (ulong.MaxValue >> (64 - (8 * length)));
            }
            else
            {
                key = Pack(text.Slice(start, length));
            }

            int bucket = SlotOf(key, Multiplier);
            if (Vector256.IsHardwareAccelerated)
            {
                // At most one slot holds the key (no key is 0, and keys are distinct): its way, or the fifth mask (0).
                var slots = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(Keys), (nuint)(bucket * Ways));
                uint found = Vector256.Equals(slots, Vector256.Create(key)).ExtractMostSignificantBits();
                int way = BitOperations.TrailingZeroCount(found | (1u << Ways));
                return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Masks), (bucket * MaskStride) + way);
            }

            for (int way = 0; way < Ways; way++)
            {
                if (Keys[(bucket * Ways) + way] == key)
                {
                    return Masks[(bucket * MaskStride) + way];
                }
            }

            return 0;
        }

        // Letters lower-cased by their case bit (an apostrophe has it already); no word packs to 0.
        private static ulong Pack(ReadOnlySpan<char> word)
        {
            ulong key = 0;
            for (int k = 0; k < word.Length; k++)
            {
                key |= (ulong)(byte)(word[k] | 0x20) << (8 * k);
            }

            return key;
        }

        private static int SlotOf(ulong key, ulong multiplier) => (int)((key * multiplier) >> (64 - Bits));
    }

    private sealed record Profile(string Code, string FrequentWords);

    // The most frequent words of news prose in each language, written apart from the other languages' lists.
    private static readonly Profile[] Profiles =
    [
        new("en", "the of and to in is was for on that with as by at from it he his are be has have had said were not but this which they who will been their an its after would or more than about also i we she her one"),
        new("pt", "de que não o os da do das dos em no na nos nas um uma para com por pelo pela mais foi são é também seu sua ele ela isso este esta ao aos à às como mas já ou quando sobre até entre ser está disse"),
        new("es", "de que el la los las del en y un una para con por es se no su sus al lo como más pero fue ha ya este esta también sobre entre cuando muy sin dijo porque son está hay le"),
        new("fr", "de la le les des du et en un une est que qui pour dans par sur au aux pas plus ne se il elle ce cette a été avec son sa ses mais ou ont sont comme nous vous leur"),
        new("de", "der die das und den dem des ist ein eine einen einer in zu mit von auf für nicht sich auch im es als an bei nach wie aus wird wurde hat sind sie er noch oder um über vom zum zur"),
        new("it", "di che il la le lo gli i un una e è per con del della dei delle nel nella non si da al alla sono più ha anche come ma questo questa ad era suo sua dopo"),
        new("nl", "de het een en van in is op te dat die voor met zijn niet aan er ook als bij door om naar uit maar werd wordt hij zij heeft nog over tot dan was"),
        new("sv", "och att det som en på är av för med till den har inte om ett var jag de så men vid från kan efter sig han hon också nu blir eller när"),
        new("pl", "i w na z że się nie do to jest o jak po przez od za dla co ale tak jego jej był była są także oraz już który która które tym"),
        new("tr", "ve bir bu da de için ile olarak çok daha ne gibi olan en ama o ki sonra kadar her şey değil var yok oldu olduğu ise göre"),
        new("id", "yang dan di ini itu dengan untuk dari tidak akan dalam pada juga ke ada oleh atau karena sudah saat bisa mereka kami kata"),
    ];

    private static readonly FrozenDictionary<string, int> Words = BuildWords();

    // No longer word can be a profile's (at most the 16 characters of the lower-casing buffer).
    private static readonly int MaxProfileWordLength = Math.Min(16, Words.Keys.Max(w => w.Length));

    // One bit per (length, first letter, last letter) of the profile words, letters by their low five bits: most words
    // of a text are ruled out by it before their lookup, and no profile word is.
    private static readonly ulong[] WordShapes = BuildWordShapes();

    private static int ShapeOf(ReadOnlySpan<char> word) => (((word.Length * 32) + (word[0] & 31)) * 32) + (word[^1] & 31);

    private static bool MayBeProfileWord(ReadOnlySpan<char> word)
    {
        int shape = ShapeOf(word);
        return (WordShapes[shape >> 6] & (1UL << shape)) != 0;
    }

    private static ulong[] BuildWordShapes()
    {
        var shapes = new ulong[((MaxProfileWordLength + 1) * 32 * 32 / 64) + 1];
        foreach (string word in Words.Keys)
        {
            if (word.Length <= MaxProfileWordLength)
            {
                int shape = ShapeOf(word);
                shapes[shape >> 6] |= 1UL << shape;
            }
        }

        return shapes;
    }

    private static FrozenDictionary<string, int> BuildWords()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < Profiles.Length; p++)
        {
            foreach (string w in Profiles[p].FrequentWords.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string key = w.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
                words[key] = words.GetValueOrDefault(key) | (1 << p);
            }
        }

        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
