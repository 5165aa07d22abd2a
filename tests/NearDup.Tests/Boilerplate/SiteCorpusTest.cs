using NearDup.Align;
using NearDup.Boilerplate;
using NearDup.Extract;
using NearDup.Pipeline;
using NearDup.Relate;
using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Tests.Boilerplate;

/// <summary>
/// tests/Data/sites: three made-up sites of four pages, each with its own menu, newsletter box, related stories and
/// footer; valley-courier/page4 republishes harbour-gazette/page1 with the Courier's furniture. Each page comes as
/// HTML and as the plain text a furniture-keeping extractor gives.
/// </summary>
public sealed class SiteCorpusTest
{
    private static readonly string[] SiteNames = ["harbour-gazette", "valley-courier", "metro-ledger"];

    private sealed record Page(string Site, int Number, string Text)
    {
        public string Name => $"{Site}/page{Number}";

        public bool IsCopyPair(Page other) =>
            (Name, other.Name) is ("harbour-gazette/page1", "valley-courier/page4") or ("valley-courier/page4", "harbour-gazette/page1");
    }

    private static List<Page> Load(bool fromHtml)
    {
        var pages = new List<Page>();
        foreach (var site in SiteNames)
        {
            for (int n = 1; n <= 4; n++)
            {
                string path = Path.Combine(TestPaths.RepoRoot, "tests", "Data", "sites", site, $"page{n}.{(fromHtml ? "html" : "txt")}");
                string text = File.ReadAllText(path);
                if (fromHtml)
                {
                    var article = HtmlExtractor.Extract(text);
                    text = article.Title is null ? article.Text : article.Title + "\n\n" + article.Text;
                }

                pages.Add(new Page(site, n, text));
            }
        }

        return pages;
    }

    private static BoilerplateModel Learn(List<Page> pages)
    {
        var model = new BoilerplateModel();
        model.Learn(pages.Select((p, i) => (i, (string?)p.Site, p.Text, Segmenter.Segment(p.Text))));
        return model;
    }

    // The lexical path with the boilerplate filter in it: align, drop boilerplate passages, relate.
    private static Relation? CompareFiltered(BoilerplateModel model, Page a, Page b)
    {
        var ta = Tokenizer.Tokenize(a.Text);
        var tb = Tokenizer.Tokenize(b.Text);
        var alignment = new Aligner().Align(ta, tb);
        var filtered = AlignmentFilter.RemoveBoilerplate(alignment, ta, tb, model.Spans(a.Text, a.Site), model.Spans(b.Text, b.Site));
        return new Relater().Relate(new RelateInput(0, 1, filtered.TokenCountA, filtered.TokenCountB, false, filtered));
    }

    [Fact]
    public void PlainText_PagesOfOneSiteMatchThroughFurniture_UntilTheFilterDropsIt()
    {
        var pages = Load(fromHtml: false);
        var model = Learn(pages);
        var pipeline = new ScanPipeline();
        int sameSitePairs = 0, matchedBefore = 0;
        for (int i = 0; i < pages.Count; i++)
        {
            for (int j = i + 1; j < pages.Count; j++)
            {
                var (a, b) = (pages[i], pages[j]);
                if (a.Site != b.Site || a.IsCopyPair(b))
                {
                    continue;
                }

                sameSitePairs++;
                if (pipeline.Compare(a.Text, b.Text) is not null)
                {
                    matchedBefore++;
                }

                var after = CompareFiltered(model, a, b);
                Assert.True(after is null, $"{a.Name} ~ {b.Name} still match after the filter: {after?.Reason}");
            }
        }

        Assert.Equal(18, sameSitePairs);
        Assert.Equal(sameSitePairs, matchedBefore); // without the filter every pair of one site looks related
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CrossSiteCopy_StillMatchesAfterTheFilter(bool fromHtml)
    {
        var pages = Load(fromHtml);
        var model = Learn(pages);
        var original = pages.Single(p => p.Name == "harbour-gazette/page1");
        var copy = pages.Single(p => p.Name == "valley-courier/page4");
        var relation = CompareFiltered(model, original, copy);
        Assert.NotNull(relation);

        // Coverage counts the article only: the copy is near-exact once each site's furniture is left out.
        Assert.True(relation.Kind == RelationKind.NearExact, relation.Reason);

        // And no other cross-site pair matches.
        for (int i = 0; i < pages.Count; i++)
        {
            for (int j = i + 1; j < pages.Count; j++)
            {
                if (pages[i].Site != pages[j].Site && !pages[i].IsCopyPair(pages[j]))
                {
                    Assert.Null(CompareFiltered(model, pages[i], pages[j]));
                }
            }
        }
    }

    [Fact]
    public void PlainText_FurnitureIsMarked_ArticleProseIsNot()
    {
        var pages = Load(fromHtml: false);
        var model = Learn(pages);
        var copy = pages.Single(p => p.Name == "valley-courier/page4");
        var spans = model.Spans(copy.Text, copy.Site);
        string marked = string.Concat(spans.Select(s => s.Slice(copy.Text).ToString() + "\n"));
        Assert.Contains("Front Page", marked, StringComparison.Ordinal);
        Assert.Contains("Get the Valley Courier weekend edition", marked, StringComparison.Ordinal);
        Assert.Contains("Village school celebrates", marked, StringComparison.Ordinal);
        Assert.Contains("Copyright 2026 Valley Courier Trust", marked, StringComparison.Ordinal);
        Assert.DoesNotContain("tidal power station", marked, StringComparison.Ordinal);
        Assert.DoesNotContain("Tidal station opens", marked, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_FurnitureTheExtractorKeeps_IsFilteredToo()
    {
        var pages = Load(fromHtml: true);
        var model = Learn(pages);
        var pipeline = new ScanPipeline();
        var matchedBefore = new List<string>();
        for (int i = 0; i < pages.Count; i++)
        {
            for (int j = i + 1; j < pages.Count; j++)
            {
                var (a, b) = (pages[i], pages[j]);
                if (a.Site != b.Site)
                {
                    continue;
                }

                if (pipeline.Compare(a.Text, b.Text) is not null)
                {
                    matchedBefore.Add(a.Site);
                }

                var after = CompareFiltered(model, a, b);
                Assert.True(after is null, $"{a.Name} ~ {b.Name} still match after the filter: {after?.Reason}");
            }
        }

        // The Gazette keeps its boxes outside the article (the extractor drops them); the other two sites put them
        // inside, so their pages match through the newsletter box and related list until the filter drops them.
        Assert.DoesNotContain("harbour-gazette", matchedBefore);
        Assert.Equal(6, matchedBefore.Count(s => s == "valley-courier"));
        Assert.Equal(6, matchedBefore.Count(s => s == "metro-ledger"));
    }
}
