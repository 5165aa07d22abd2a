using NearDup.Segment;

namespace NearDup.Tests.Segment;

public class SegmenterTest
{
    private static string[] Sentences(string text)
    {
        var s = Segmenter.Segment(text);
        return [.. s.Sentences.Select(x => x.Slice(text).ToString())];
    }

    [Fact]
    public void Sentences_SplitOnTerminalPunctuation()
    {
        Assert.Equal(["It rained.", "Then it stopped!", "Did it?"], Sentences("It rained. Then it stopped! Did it?"));
    }

    [Fact]
    public void Abbreviations_And_Initials_DoNotEndSentences()
    {
        Assert.Equal(
            ["Mr. Smith met Dr. Jones and J. K. Rowling on Jan. 5 in St. Louis.", "They talked."],
            Sentences("Mr. Smith met Dr. Jones and J. K. Rowling on Jan. 5 in St. Louis. They talked."));
    }

    [Fact]
    public void Initialism_BeforeName_Continues_BeforeOpener_Ends()
    {
        Assert.Equal(["The U.S. Army said so."], Sentences("The U.S. Army said so."));
        Assert.Equal(["He flew to the U.S.", "The trip was long."], Sentences("He flew to the U.S. The trip was long."));
    }

    [Fact]
    public void ClosingQuote_StaysWithItsSentence()
    {
        Assert.Equal(["He said: \u201CWe will win.\u201D", "Then he left."], Sentences("He said: \u201CWe will win.\u201D Then he left."));
        Assert.Equal(["\"It is done,\" she said."], Sentences("\"It is done,\" she said."));
    }

    [Fact]
    public void Decimals_And_LowercaseContinuations_DoNotSplit()
    {
        Assert.Equal(["Prices rose 3.5 percent, i.e. more than expected."], Sentences("Prices rose 3.5 percent, i.e. more than expected."));
    }

    [Fact]
    public void Paragraphs_AreSeparatedByBlankLines_AndSentencesStayInside()
    {
        const string text = "Headline without stop\n\nFirst para. Still first\nwrapped line.\n\n  Second para.  ";
        var s = Segmenter.Segment(text);
        Assert.Equal(["Headline without stop", "First para. Still first\nwrapped line.", "Second para."],
            s.Paragraphs.Select(p => p.Slice(text).ToString()));
        Assert.Equal(["Headline without stop", "First para.", "Still first\nwrapped line.", "Second para."],
            s.Sentences.Select(p => p.Slice(text).ToString()));
        Assert.Equal([0, 1, 1, 2], s.SentenceParagraph);
    }

    [Fact]
    public void Seed002_HasItsWireSentences()
    {
        string text = TestPaths.SeedText("002");
        var s = Segmenter.Segment(text);
        Assert.StartsWith("SEOUL: Russian President Vladimir Putin signed", s.Sentences[0].Slice(text).ToString(), StringComparison.Ordinal);
        Assert.All(s.Sentences, x => Assert.False(x.IsEmpty));
        Assert.InRange(s.Sentences.Length, 15, 40);
    }

    [Fact]
    public void Empty_And_Whitespace_GiveNothing()
    {
        Assert.Empty(Segmenter.Segment("").Sentences);
        Assert.Empty(Segmenter.Segment(" \n\n \t").Paragraphs);
    }
}
