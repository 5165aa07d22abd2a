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
}
