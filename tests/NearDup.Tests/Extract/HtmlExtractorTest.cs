using System.Text;
using NearDup.Extract;

namespace NearDup.Tests.Extract;

public class HtmlExtractorTest
{
    private const string Lede = "The city council voted on Tuesday to approve a new budget for public transport, ending months of debate.";
    private const string Second = "Under the plan, bus fares will stay frozen for two years while the council spends more on night services.";
    private const string Third = "Opponents said the money would be better spent on road repairs, but the measure passed by nine votes to four.";

    internal static string NewsPage(string extra = "") => $$"""
        <!DOCTYPE html>
        <html lang="en"><head>
        <meta charset="utf-8">
        <title>Council approves transport budget | The Daily Example</title>
        <link rel="canonical" href="https://news.example.com/2024/05/transport-budget">
        <meta name="author" content="Jane Doe">
        <meta property="article:published_time" content="2024-05-14T09:30:00+02:00">
        <script>var tracking = "<p>not text</p>";</script>
        <style>p { color: red }</style>
        </head><body>
        <header class="site-header"><a href="/">The Daily Example</a>
          <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
        </header>
        <main>
          <article class="story">
            <h1>Council approves transport budget</h1>
            <p class="byline">By Jane Doe</p>
            <p>{{Lede}}</p>
            <p>{{Second}}</p>
            <h2>What changes for riders</h2>
            <p>{{Third}}</p>
            {{extra}}
            <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
            <div class="newsletter-signup"><p>Sign up for our morning newsletter and get the day's news in your inbox.</p>
              <form><input type="email"><button>Subscribe</button></form></div>
          </article>
          <section class="related-stories"><h3>Related</h3><ul>
            <li><a href="/a">Mayor defends the new bus lanes in a heated town hall meeting</a></li>
            <li><a href="/b">Train strike called off after last-minute talks with unions</a></li>
            <li><a href="/c">Cycling group wants safer junctions across the city centre</a></li>
          </ul></section>
        </main>
        <aside class="sidebar"><h3>Most read</h3><ol><li><a href="/x">Local bakery wins national award</a></li></ol></aside>
        <footer><p>© 2024 The Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
        </body></html>
        """;

    [Fact]
    public void Extract_NewsPage_KeepsParagraphsAndSubheading()
    {
        ExtractedArticle a = HtmlExtractor.Extract(NewsPage());

        Assert.Equal(ExtractionStatus.Article, a.Status);
        Assert.Equal($"{Lede}\n\n{Second}\n\nWhat changes for riders\n\n{Third}", a.Text);
    }

    [Fact]
    public void Extract_CaptionSpanInsidePhotoBox_IsDropped()
    {
        ExtractedArticle a = HtmlExtractor.Extract(NewsPage(
            "<div class=\"photo\"><span class=\"newsCaption\">Buses wait at the central depot on Monday morning <span>(Image: Agency)</span></span></div>"));

        Assert.DoesNotContain("central depot", a.Text, StringComparison.Ordinal);
        Assert.Contains(Third, a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ParagraphWithManyLinkedNames_IsKept()
    {
        const string Linked = "<p>The plan was backed by <a href=\"/p/1\">Councillor Anna Smith</a>, <a href=\"/p/2\">Councillor Bob Jones</a> "
            + "and <a href=\"/p/3\">the Riders Union of the City</a> on Tuesday.</p>";

        ExtractedArticle a = HtmlExtractor.Extract(NewsPage(Linked));

        Assert.Contains("The plan was backed by Councillor Anna Smith", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WordPressPostWithTaxonomyClasses_IsNotFurniture()
    {
        string page = NewsPage().Replace("<article class=\"story\">",
            "<article class=\"post-12 post type-post status-publish hentry category-news tag-share tag-comment\">", StringComparison.Ordinal);

        ExtractedArticle a = HtmlExtractor.Extract(page);

        Assert.Equal($"{Lede}\n\n{Second}\n\nWhat changes for riders\n\n{Third}", a.Text);
    }

    [Fact]
    public void Extract_ShortBlogPostUnderItsLinkedTitle_IsKept()
    {
        // A blog theme links the post's title to the post itself; one short item under a linked heading is the page's
        // post, not a teaser for another page (seen on two trafilatura pages, whose whole text was lost).
        string page = """
            <html><body>
            <ul class="menu"><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul>
            <div class="post">
              <h2 class="posttitle"><a href="/number-two">Number two: Leo</a></h2>
              <p class="postmeta">3 August 2015 · Filed under <a href="/private">private</a></p>
              <p>Some time has passed since Henry was born, and now his little brother has arrived at home.</p>
              <p>This is how it looked when Henry saw the newcomer for the first time, curious and a little unsure.</p>
            </div>
            <div class="widget"><h2>Archive</h2><ul><li><a href="/2015">August 2015</a></li><li><a href="/2014">October 2014</a></li></ul></div>
            </body></html>
            """;

        ExtractedArticle a = HtmlExtractor.Extract(page, new HtmlExtractorOptions { UseFallback = false });

        Assert.Contains("his little brother has arrived", a.Text, StringComparison.Ordinal);
        Assert.Contains("curious and a little unsure", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TeasersBesideTheArticle_AreDropped()
    {
        string teasers = """
            <div class="more"><div><h3><a href="/a">Mayor defends the new bus lanes</a></h3><p>The mayor spoke for an hour at a heated town hall meeting on Monday evening.</p></div>
            <div><h3><a href="/b">Train strike called off</a></h3><p>Unions and the operator reached a deal after last-minute talks late on Sunday night.</p></div></div>
            """;

        ExtractedArticle a = HtmlExtractor.Extract(NewsPage().Replace("</article>", "</article>" + teasers, StringComparison.Ordinal));

        Assert.DoesNotContain("town hall", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("last-minute talks", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TrailingFactList_IsKept()
    {
        ExtractedArticle a = HtmlExtractor.Extract(NewsPage("<ul><li>Fare: 2 euros</li><li>Night buses: 12 lines</li></ul>"));

        Assert.EndsWith("Night buses: 12 lines", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NewsPage_DropsFurniture()
    {
        string text = HtmlExtractor.Extract(NewsPage()).Text;

        foreach (string furniture in new[] { "News", "Share on", "newsletter", "Subscribe", "Mayor defends", "Most read", "All rights reserved", "not text", "color" })
        {
            Assert.DoesNotContain(furniture, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_NewsPage_ReadsMetadata()
    {
        ExtractedArticle a = HtmlExtractor.Extract(NewsPage());

        Assert.Equal("Council approves transport budget", a.Title);
        Assert.Equal("Jane Doe", a.Byline);
        Assert.Equal(new DateTimeOffset(2024, 5, 14, 9, 30, 0, TimeSpan.FromHours(2)), a.Published);
        Assert.Equal("https://news.example.com/2024/05/transport-budget", a.CanonicalUrl);
        Assert.Equal("en", a.Language);
        Assert.Null(a.Reason);
    }

    [Fact]
    public void Extract_JsonLd_GivesMetadataAndBodyEvidence()
    {
        string jsonLd = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"Council approves transport budget","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"Max Roe"}],
            "datePublished":"2024-05-14T07:30:00Z","url":"https://news.example.com/budget",
            "articleBody":"The city council voted on Tuesday to approve a new budget for public transport, ending months of debate. Under the plan, bus fares will stay frozen for two years while the council spends more on night services. Opponents said the money would be better spent on road repairs, but the measure passed by nine votes to four."}</script>
            """;
        string html = NewsPage().Replace("<meta name=\"author\" content=\"Jane Doe\">", jsonLd, StringComparison.Ordinal);

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal("Jane Doe, Max Roe", a.Byline);
        Assert.Equal(new DateTimeOffset(2024, 5, 14, 7, 30, 0, TimeSpan.Zero), a.Published);
        Assert.Contains(Third, a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ScriptRenderedPage_FallsBackToJsonLdArticleBody()
    {
        string html = """
            <html><head><script type="application/ld+json">{"@type":"Article","headline":"Rendered by script",
            "articleBody":"First paragraph of a story that this page renders with JavaScript only, so the markup holds nothing of it.\n\nSecond paragraph, which also lives only in the structured data of the page, as happens on many news sites today."}</script></head>
            <body><div id="app"></div><nav><a href="/">Home</a></nav></body></html>
            """;

        ExtractedArticle a = HtmlExtractor.Extract(html, new HtmlExtractorOptions { UseFallback = false });

        Assert.Equal(ExtractionStatus.StructuredData, a.Status);
        Assert.StartsWith("First paragraph of a story", a.Text, StringComparison.Ordinal);
        Assert.Contains("\n\nSecond paragraph", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_BrSeparatedText_KeepsLineBreaks()
    {
        string html = $"<html><body><div class=\"post\">{Lede}<br>{Second}<br><br>{Third}</div></body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n{Second}\n\n{Third}", a.Text);
    }

    [Fact]
    public void Extract_AnswersWithCommentsBeside_AllAnswersKept()
    {
        // Each answer's comments outweigh the other answer, so the best single element is one answer's body;
        // the comments are named furniture (dropped anyway), so the container climbs to hold both answers.
        const string Comment = "I tried this on my own bus route last week and the fares were indeed unchanged, which surprised me a great deal. ";
        string comments = $"<div class=\"comments\"><p>{Comment}</p><p>{Comment}</p><p>{Comment}</p></div>";
        string html = $$"""
            <html><body><div id="answers">
              <div class="answer"><div class="post-body"><p>{{Lede}}</p><p>{{Second}}</p><p>{{Third}}</p></div>{{comments}}</div>
              <div class="answer"><div class="post-body"><p>{{Second}}</p><p>{{Third}}</p></div>{{comments}}</div>
            </div></body></html>
            """;

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n\n{Second}\n\n{Third}\n\n{Second}\n\n{Third}", a.Text);
    }

    [Fact]
    public void Extract_PageWithoutArticle_ReturnsNoArticleWithReason()
    {
        string html = "<html><body><nav><a href='/a'>Home</a> <a href='/b'>About</a></nav><ul><li><a href='/c'>Contact us</a></li></ul></body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal(ExtractionStatus.NoArticle, a.Status);
        Assert.Equal(string.Empty, a.Text);
        Assert.False(string.IsNullOrEmpty(a.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html></html>")]
    [InlineData("just some words")]
    public void Extract_EmptyOrTrivialPage_DoesNotThrow(string html)
    {
        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal(ExtractionStatus.NoArticle, a.Status);
        Assert.NotNull(a.Reason);
    }

    [Fact]
    public void Extract_BrokenHtml_StillFindsText()
    {
        string html = $"<html><body><div class=\"content\"><p>{Lede}<p>{Second}<p><b><i>{Third}</b></i></div></span></table><div <p>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n\n{Second}\n\n{Third}", a.Text);
    }

    [Fact]
    public void Extract_HundredThousandNestedDivs_FlattensAndKeepsText()
    {
        var sb = new StringBuilder("<html><body>");
        sb.Insert(sb.Length, "<div>", 100_000);
        sb.Append("<p>").Append(Lede).Append("</p><p>").Append(Second).Append("</p>");
        sb.Insert(sb.Length, "</div>", 100_000);
        sb.Append("</body></html>");

        ExtractedArticle a = HtmlExtractor.Extract(sb.ToString());

        Assert.Equal($"{Lede}\n\n{Second}", a.Text);
        Assert.Contains(a.Warnings, w => w.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_HundredThousandSelfClosedDivs_FlattensAndKeepsText()
    {
        // "<div/>" opens a div (the slash means nothing on an HTML element): these nest 100,000 deep and hung the
        // parser before the guard counted them (found fuzzing).
        string html = "<html><body>" + string.Concat(Enumerable.Repeat("<div/>", 100_000)) + $"<p>{Lede}</p><p>{Second}</p></body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n\n{Second}", a.Text);
        Assert.Contains(a.Warnings, w => w.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_SelfClosedSvgElements_AreNotNesting()
    {
        string icons = "<svg viewBox=\"0 0 9 9\">" + string.Concat(Enumerable.Repeat("<path d=\"M0 0h9\"/>", 1000)) + "</svg>";
        string html = $"<html><body>{icons}<article><p>{Lede}</p><p>{Second}</p></article>{icons}</body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n\n{Second}", a.Text);
        Assert.Empty(a.Warnings);
    }

    [Fact]
    public void Extract_IndexPageOfTwentyThousandLinks_HasNoArticle()
    {
        // The fallback (SmartReader) is quadratic in the page's elements: this page took many minutes before the
        // fallback was kept off pages it cannot read and pages over FallbackMaxElements.
        string html = "<html><body>" + string.Concat(Enumerable.Repeat("<div><a href=\"/story\">Another story</a></div>", 20_000)) + "</body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal(ExtractionStatus.NoArticle, a.Status);
        Assert.False(string.IsNullOrEmpty(a.Reason));
    }

    [Fact]
    public void Extract_HugeScriptAndStyle_AreIgnored()
    {
        string script = "<script>" + new string('x', 5_000_000) + "</p><div>" + "</script>";
        string style = "<style>" + string.Concat(Enumerable.Repeat(".a{color:red}", 200_000)) + "</style>";
        string html = $"<html><head>{style}</head><body>{script}<article><p>{Lede}</p><p>{Second}</p></article>{script}</body></html>";

        ExtractedArticle a = HtmlExtractor.Extract(html);

        Assert.Equal($"{Lede}\n\n{Second}", a.Text);
    }

    [Fact]
    public void Extract_PageOverMaxInputLength_IsCutWithWarning()
    {
        var sb = new StringBuilder("<html><body><article>");
        while (sb.Length < 100 * 1024 * 1024)
        {
            sb.Append("<p>").Append(Lede).Append("</p>");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var options = new HtmlExtractorOptions { MaxInputLength = 1024 * 1024 };

        ExtractedArticle a = HtmlExtractor.Extract(bytes, null, options);

        Assert.StartsWith(Lede, a.Text, StringComparison.Ordinal);
        Assert.True(a.Text.Length < 1024 * 1024);
        Assert.Contains(a.Warnings, w => w.Contains("MaxInputLength", StringComparison.Ordinal) && w.Contains(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_Defaults_AreDocumented()
    {
        var o = new HtmlExtractorOptions();

        Assert.Equal(16 * 1024 * 1024, o.MaxInputLength);
        Assert.True(o.UseFallback);
        Assert.Equal(140, o.MinTextLength);
    }

    [Fact]
    public void Options_TooSmallMaxInputLength_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => HtmlExtractor.Extract("<p>x</p>", new HtmlExtractorOptions { MaxInputLength = 10 }));

        Assert.Equal("MaxInputLength", e.ParamName);
    }
}
