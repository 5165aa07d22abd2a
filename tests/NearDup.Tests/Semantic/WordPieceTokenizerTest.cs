using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>Cases where BERT's basic tokenizer is easy to get wrong (checked against FastBertTokenizer in bench WordPieceBench).</summary>
public sealed class WordPieceTokenizerTest
{
    private static string[] Tokens(string text)
    {
        var tokenizer = MiniLmModel.Tokenizer;
        var ids = new int[256];
        int n = tokenizer.Encode(text, ids, ids.Length);
        return [.. ids[..n].Select(tokenizer.Token)];
    }

    [Fact]
    public void ControlAndFormatCharacters_AreDropped_NotWordBreaks()
    {
        Assert.Equal(Tokens("thinzero softhyphen bell"), Tokens("thin\u200Bzero soft\u00ADhyphen bel\u0007l"));
        Assert.Equal(Tokens("treasurys"), Tokens("Treasury\u0092s"));
    }

    [Fact]
    public void AccentsOutsideLatin_AreStripped_AfterDecomposition()
    {
        Assert.Equal(["α", "##θ", "##η", "##ν", "##α"], Tokens("Αθήνα"));
        Assert.Equal(["istanbul"], Tokens("İstanbul"));
    }

    [Fact]
    public void Hangul_IsDecomposedIntoJamo()
    {
        Assert.Equal(Tokens("\u1109\u1165\u110B\u116E\u11AF"), Tokens("서울"));
        Assert.DoesNotContain("[UNK]", Tokens("서울"));
    }

    [Fact]
    public void AWordOfMoreThanAHundredChars_IsOneUnknown()
    {
        Assert.DoesNotContain("[UNK]", Tokens(new string('b', 100)));
        Assert.Equal(["[UNK]"], Tokens(new string('c', 101)));
    }

    [Fact]
    public void AWordSplitInPieces_IsSplitAlikeTheSecondTime()
    {
        // The second time each word comes from the tokenizer's cache of split words.
        string text = "Gilgorberg norcoring hesquinance Casfenville x" + new string('q', 90) + "\u00A7";
        string[] first = Tokens(text);
        Assert.Equal(first, Tokens(text));
        Assert.Equal(["gil", "##gor", "##berg"], Tokens("Gilgorberg"));

        // Cut at the token limit, as when the word is split afresh.
        var tokenizer = MiniLmModel.Tokenizer;
        var ids = new int[2];
        Assert.Equal(2, tokenizer.Encode("Gilgorberg", ids, 2));
        Assert.Equal(["gil", "##gor"], ids.Select(tokenizer.Token));
    }
}
