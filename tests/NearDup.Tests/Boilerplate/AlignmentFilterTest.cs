using NearDup.Align;
using NearDup.Boilerplate;
using NearDup.Text;

namespace NearDup.Tests.Boilerplate;

public sealed class AlignmentFilterTest
{
    private const string Furniture = "Sign up for our newsletter and get the best stories of the week delivered to your inbox every Friday morning for free.";
    private const string StoryA = "The river burst its banks after three days of heavy rain, flooding the lower town and forcing two hundred families from their homes overnight.";
    private const string StoryB = "A new museum of maritime history opened on the old quay with a collection of ship models, charts and instruments donated by local families.";

    private static List<TextSpan> SpansOf(string text, string part)
    {
        int at = text.IndexOf(part, StringComparison.Ordinal);
        return [new TextSpan(at, at + part.Length)];
    }

    [Fact]
    public void PassageInsideBoilerplate_IsDropped_CoverageRecomputed()
    {
        string a = StoryA + "\n\n" + Furniture;
        string b = StoryB + "\n\n" + Furniture;
        var alignment = new Aligner().Align(a, b);
        Assert.Single(alignment.Passages);
        Assert.True(alignment.CoverageA > 0.3);

        var filtered = AlignmentFilter.RemoveBoilerplate(alignment, SpansOf(a, Furniture), SpansOf(b, Furniture));
        Assert.True(filtered.IsEmpty);
        Assert.Equal(0, filtered.CoverageA);
        Assert.Equal(alignment.TokenCountA, filtered.TokenCountA);
    }

    [Fact]
    public void RealPassage_IsKept_AndWithTokensCoverageCountsTheArticleOnly()
    {
        string a = StoryA + "\n\n" + Furniture;
        string b = "Menu one two three four five six seven eight nine ten eleven twelve.\n\n" + StoryA;
        var ta = Tokenizer.Tokenize(a);
        var tb = Tokenizer.Tokenize(b);
        var alignment = new Aligner().Align(ta, tb);
        var kept = AlignmentFilter.RemoveBoilerplate(alignment, SpansOf(a, Furniture), []);
        Assert.Same(alignment, kept);

        var discounted = AlignmentFilter.RemoveBoilerplate(alignment, ta, tb, SpansOf(a, Furniture), SpansOf(b, "Menu one two three four five six seven eight nine ten eleven twelve."));
        Assert.Equal(Tokenizer.Tokenize(StoryA).Length, discounted.TokenCountA);
        Assert.Equal(Tokenizer.Tokenize(StoryA).Length, discounted.TokenCountB);
        Assert.Equal(1.0, discounted.CoverageA, 3);
        Assert.Equal(1.0, discounted.CoverageB, 3);
    }

    [Fact]
    public void MostlyBoilerplate_UsesTheShare()
    {
        string a = StoryA + "\n\n" + Furniture;
        string b = StoryB + "\n\n" + Furniture;
        var alignment = new Aligner().Align(a, b);
        int at = a.IndexOf(Furniture, StringComparison.Ordinal);
        var half = new List<TextSpan> { new(at, at + (Furniture.Length / 2)) };
        Assert.Single(AlignmentFilter.RemoveBoilerplate(alignment, half, []).Passages);
        Assert.Empty(AlignmentFilter.RemoveBoilerplate(alignment, half, [], minShare: 0.4).Passages);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        var alignment = new Aligner().Align(StoryA + " " + Furniture, Furniture);
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignmentFilter.RemoveBoilerplate(alignment, [], [], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignmentFilter.RemoveBoilerplate(alignment, [], [], double.NaN));
        var wrongWay = Assert.Throws<ArgumentException>(() =>
            AlignmentFilter.RemoveBoilerplate(alignment, Tokenizer.Tokenize(Furniture), Tokenizer.Tokenize(StoryA + " " + Furniture), [], []));
        Assert.Contains("wrong way round", wrongWay.Message, StringComparison.Ordinal);
        Assert.Same(Alignment.None, AlignmentFilter.RemoveBoilerplate(Alignment.None, [new TextSpan(0, 5)], []));
    }
}
