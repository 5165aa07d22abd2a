using NearDup.Boilerplate;
using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Tests.Boilerplate;

public sealed class BoilerplateModelTest
{
    private const string Footer = "Copyright 2026 Example Media. All rights reserved. Reproduction without permission is prohibited.";

    private static string Page(string body, params string[] furniture) => body + "\n\n" + string.Join("\n", furniture) + "\n";

    private static string Prose(int seed) =>
        $"Article number {seed} describes the events of day {seed} in the town of Place{seed}, where the council met at length to discuss item {seed * 7} of its agenda and then adjourned until the following week.";

    [Theory]
    [InlineData("Home | News | Sport\nThe minister said on Tuesday that the plan would go ahead.\n\n  Subscribe to our newsletter!  \n")]
    [InlineData("Line one,\r\nline-\ntwo's end.\r\n\tTabbed \u00E9t\u00E9 line\n\u00A0\nLast: 3.5% of $1,200")]
    [InlineData("no newline at all")]
    [InlineData("")]
    public void LineHashes_FromTheDocumentsTokens_EqualEachLineTokenizedAlone(string text)
    {
        Assert.Equal(BoilerplateModel.HashLines(text, (Segmentation?)null), BoilerplateModel.HashLines(text, Tokenizer.Tokenize(text)));
    }

    [Fact]
    public void LineHashes_OfTheSeeds_EqualEachLineTokenizedAlone()
    {
        foreach (string path in Directory.GetFiles(Path.Combine(TestPaths.Shared, "seeds"), "*.txt"))
        {
            string text = File.ReadAllText(path);
            Assert.Equal(BoilerplateModel.HashLines(text, (Segmentation?)null), BoilerplateModel.HashLines(text, Tokenizer.Tokenize(text)));
        }
    }

    [Fact]
    public void LineInThreePagesOfOneSite_IsFurniture_InTwoIsNot()
    {
        var model = new BoilerplateModel();
        for (int d = 0; d < 3; d++)
        {
            model.Add(d, "site.example", Page(Prose(d), Footer, d < 2 ? "Only on two pages of this site, as a short line." : "Something else entirely on page three."));
        }

        Assert.Equal(3, model.Threshold("site.example"));
        Assert.True(model.IsBoilerplate(Footer, "site.example"));
        Assert.True(model.IsBoilerplate("COPYRIGHT 2026 example media -- all rights reserved; reproduction without permission is prohibited", "site.example"));
        Assert.False(model.IsBoilerplate("Only on two pages of this site, as a short line.", "site.example"));
        Assert.False(model.IsBoilerplate(Prose(0), "site.example"));

        // Another site's pages do not inherit this site's furniture (one source is not enough across sites).
        Assert.False(model.IsBoilerplate(Footer, "other.example"));
    }

    [Fact]
    public void Threshold_GrowsSlowlyWithTheSite_AndCanBeFixed()
    {
        var model = new BoilerplateModel();
        for (int d = 0; d < 100; d++)
        {
            model.Add(d, "big.example", Prose(d));
        }

        Assert.Equal(7, model.Threshold("big.example")); // ⌈log₂ 100⌉
        Assert.Equal(5, new BoilerplateModel(new BoilerplateOptions { MinDocuments = 5 }).Threshold("any"));
    }

    [Fact]
    public void DisclaimerOnUnrelatedPagesOfThreeSites_IsBoilerplateEverywhere()
    {
        const string disclaimer = "This article is for information only and is not investment advice.";
        var model = new BoilerplateModel();
        string[] sites = ["a.example", "b.example", "c.example"];
        for (int d = 0; d < 3; d++)
        {
            model.Add(d, sites[d], Page(Prose(d) + "\n\n" + Prose(d + 10), disclaimer));
        }

        Assert.True(model.IsBoilerplate(disclaimer, "d.example"));
        Assert.True(model.IsBoilerplate(disclaimer));
    }

    [Fact]
    public void WireStoryInThreeSources_IsNotBoilerplate()
    {
        // Seeds 001-003 are one wire story in three outlets: their shared paragraphs are reuse, not furniture.
        var model = new BoilerplateModel();
        string[] texts = [TestPaths.SeedText("001"), TestPaths.SeedText("002"), TestPaths.SeedText("003")];
        for (int d = 0; d < texts.Length; d++)
        {
            model.Add(d, "outlet" + d, texts[d], Segmenter.Segment(texts[d]));
        }

        const string shared = "The pledge of military cooperation was part of a strategic treaty signed during a summit in Pyongyang, where Putin was making his first visit in 24 years.";
        Assert.All(texts, t => Assert.Contains(shared, t, StringComparison.Ordinal));
        Assert.False(model.IsBoilerplate(shared));
        for (int d = 0; d < texts.Length; d++)
        {
            Assert.Empty(model.Spans(texts[d], "outlet" + d));
        }
    }

    [Fact]
    public void Spans_MergeNeighbouringFurnitureLines()
    {
        var model = new BoilerplateModel();
        for (int d = 0; d < 4; d++)
        {
            model.Add(d, "s", Page(Prose(d), "Home", "World", "Sport", Footer));
        }

        string text = Page(Prose(9), "Home", "World", "Sport", Footer);
        var spans = model.Spans(text, "s");
        var only = Assert.Single(spans);
        Assert.Equal("Home\nWorld\nSport\n" + Footer, only.Slice(text).ToString());
    }

    [Fact]
    public void SourceOf_UsesSourceThenUrlHost()
    {
        Assert.Equal("Wire", BoilerplateModel.SourceOf(new Document("1", "x") { Source = "Wire", Url = "https://a.example/x" }));
        Assert.Equal("a.example", BoilerplateModel.SourceOf(new Document("1", "x") { Url = "https://a.example/x" }));
        Assert.Null(BoilerplateModel.SourceOf(new Document("1", "x") { Url = "not a url" }));
        Assert.Equal("b.example", BoilerplateModel.SourceOf(null, "https://WWW.B.example/news/1"));
    }

    [Fact]
    public void MemoryCap_ForgetsLinesSeenOnce_KeepsFurniture()
    {
        var model = new BoilerplateModel(new BoilerplateOptions { MaxLines = 1024 });
        for (int d = 0; d < 3000; d++)
        {
            model.Add(d, "s", Page(Prose(d), Footer));
        }

        Assert.True(model.DistinctLines <= 1024);
        Assert.True(model.IsBoilerplate(Footer, "s"));
        Assert.Equal(3000, model.Documents);
    }

    [Fact]
    public void BadInput_IsRejectedWithANamedReason()
    {
        var model = new BoilerplateModel();
        var e = Assert.Throws<ArgumentException>(() => model.Add(7, "s", null!));
        Assert.Contains("Document 7", e.Message, StringComparison.Ordinal);
        var wrong = Segmenter.Segment("a much longer text than the one given here, with several words");
        Assert.Throws<ArgumentException>(() => model.Add(8, "s", "short", wrong));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoilerplateModel(new BoilerplateOptions { MinDocuments = 1 }));
        model.Add(9, null, "");
        Assert.Empty(model.Spans(""));
        Assert.False(model.IsBoilerplate("   "));
    }
}
