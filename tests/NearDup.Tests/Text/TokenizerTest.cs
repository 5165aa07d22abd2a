using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NearDup.Text;

namespace NearDup.Tests.Text;

public class TokenizerTest
{
    private static string[] Words(string text) =>
        [.. Tokenizer.Tokenize(text).Select(t => Tokenizer.NormalizeWord(t.Span.Slice(text)))];

    [Fact]
    public void Tokens_KeepOffsetsIntoTheOriginal()
    {
        const string text = "  Putin, Kim—and “friends”.";
        var tokens = Tokenizer.Tokenize(text);
        Assert.Equal(["Putin", "Kim", "and", "friends"], tokens.Select(t => t.Span.Slice(text).ToString()));
    }

    [Fact]
    public void CaseQuotesAndApostrophes_AreFolded()
    {
        Assert.Equal(Words("North Korea's \"full support\""), Words("NORTH KOREA\u2019S \u201Cfull support\u201D"));
        Assert.Equal(Tokenizer.HashWord("Korea"), Tokenizer.HashWord("KOREA"));
    }

    [Fact]
    public void Nfkc_FoldsCompatibilityForms()
    {
        Assert.Equal(["office", "2024"], Words("O\uFB03ce \uFF12\uFF10\uFF12\uFF14"));
        Assert.Equal(Tokenizer.HashWord("caf\u00E9"), Tokenizer.HashWord("cafe\u0301"));
    }

    [Fact]
    public void Han_IsOneTokenPerCharacter_Hangul_IsWords()
    {
        Assert.Equal(["北", "京", "서울", "시"], Words("北京 서울 시"));
    }

    [Fact]
    public void Empty_And_Punctuation_GiveNoTokens()
    {
        Assert.Empty(Tokenizer.Tokenize(""));
        Assert.Empty(Tokenizer.Tokenize(" -- ... \u201C\u201D "));
    }

    [Fact]
    public void SurrogatePairs_AreHandled()
    {
        const string text = "a \U0001D400b \U0001F600 c";
        var tokens = Tokenizer.Tokenize(text);
        Assert.Equal(["a", "\U0001D400b", "c"], tokens.Select(t => t.Span.Slice(text).ToString()));
    }

    [FsCheck.Xunit.Property]
    public bool Tokens_AreOrdered_NonEmpty_AndInsideTheText(string? text)
    {
        text ??= "";
        var tokens = Tokenizer.Tokenize(text);
        int last = 0;
        foreach (var t in tokens)
        {
            if (t.Start < last || t.End <= t.Start || t.End > text.Length)
            {
                return false;
            }

            last = t.End;
        }

        return true;
    }

    [Fact]
    public void AsciiWords_NextToOtherScripts_SplitAndHashAsTheGeneralPath()
    {
        // ASCII words take a fast path; one running on into an accented letter or ended by a Han character must not.
        const string text = "Cafe caf\u00E9 ABC\u65E5 x1 \u00E9t\u00E9 naive-Na\u00EFve don't";
        var tokens = Tokenizer.Tokenize(text);
        Assert.Equal(["Cafe", "caf\u00E9", "ABC", "\u65E5", "x1", "\u00E9t\u00E9", "naive", "Na\u00EFve", "don", "t"], tokens.Select(t => t.Span.Slice(text).ToString()));
        Assert.All(tokens, t => Assert.Equal(Tokenizer.HashWord(t.Span.Slice(text)), t.Hash));
    }

    [Fact]
    public void LongAsciiWord_HashesAsHashWord()
    {
        string text = "short " + new string('Q', 300) + " end";
        var tokens = Tokenizer.Tokenize(text);
        Assert.Equal([5, 300, 3], tokens.Select(t => t.Length));
        Assert.All(tokens, t => Assert.Equal(Tokenizer.HashWord(t.Span.Slice(text)), t.Hash));
    }

    [FsCheck.Xunit.Property]
    public bool EveryTokenHash_IsHashWordOfItsText(string? text)
    {
        text ??= "";
        foreach (var t in Tokenizer.Tokenize(text))
        {
            if (t.Hash != Tokenizer.HashWord(t.Span.Slice(text)))
            {
                return false;
            }
        }

        return true;
    }
    [Fact]
    public void FoldedWordHash_IsXxHash3OfTheFoldedWord()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new Random(7);
        for (int n = 1; n <= FoldedWordHash.MaxLength; n++)
        {
            for (int trial = 0; trial < 2000; trial++)
            {
                char[] word = new char[n];
                for (int k = 0; k < n; k++)
                {
                    word[k] = alphabet[random.Next(alphabet.Length)];
                }

                string folded = new string(word).ToLowerInvariant();
                ulong expected = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded.AsSpan()));
                Assert.Equal(expected, FoldedWordHash.Hash(ref word[0], n));
            }
        }
    }

    [Fact]
    public void BlockPath_GivesTheWordsAndHashesOfAPlainScan()
    {
        // Random texts mixing ASCII words of every length (some past the 64-char block), separators, accented and
        // Cyrillic letters, combining marks and typographic punctuation: offsets as a \w-like scan, hashes as HashWord.
        // U+0141 and U+0161 narrow to 'A' and 'a' by their low byte: the block must still see them as non-ASCII.
        string[] pieces = ["a", "The", "news", "Minister", "2026", "x1", "internationalization", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
            "Internationalization0123456789internationalizationABCDEFGHIJKLMNOPQRSTUVWXYZ", "\u0141\u00F3d\u017A", "\u0161a",
            " ", "  ", ", ", ".\n", "-", "'", "\u2019", "\u2014", "caf\u00E9", "\u00E9t\u00E9", "\u0434\u043E\u043C", "e\u0301", "\u00A0", "\t"];
        var word = new Regex(@"[\p{L}\p{Nd}\p{Nl}\p{No}\p{Mn}\p{Mc}]+");
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var builder = new System.Text.StringBuilder();
            int count = random.Next(1, 120);
            for (int k = 0; k < count; k++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = builder.ToString();
            var tokens = Tokenizer.Tokenize(text);
            var expected = word.Matches(text).Select(m => (m.Index, m.Index + m.Length)).ToArray();
            Assert.Equal(expected, tokens.Select(t => (t.Start, t.End)).ToArray());
            Assert.All(tokens, t => Assert.Equal(Tokenizer.HashWord(t.Span.Slice(text)), t.Hash));
        }
    }
}
