using NearDup.Extract;

namespace NearDup.Tests.Extract;

public class BlockClassifierTest
{
    [Fact]
    public void Shipped_Loads_AndSurvivesItsText()
    {
        var shipped = BlockClassifier.Shipped;
        Assert.NotNull(shipped);
        var copy = BlockClassifier.Read(shipped.Write());
        var x = new double[BlockClassifier.FeatureNames.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 3) * 0.4;
        }

        Assert.Equal(shipped.Probability(x), copy.Probability(x), 12);
        Assert.Equal(shipped.Threshold, copy.Threshold);
    }

    [Fact]
    public void Fit_LearnsASeparableRule_OnTheRulesVerdict()
    {
        var examples = new List<double[]>();
        var labels = new List<bool>();
        for (int i = 0; i < 40; i++)
        {
            var x = new double[BlockClassifier.FeatureNames.Length];
            x[0] = i % 2;
            x[3] = i % 2 == 0 ? 0.9 : 0.05;
            examples.Add(x);
            labels.Add(i % 2 == 1);
        }

        var model = BlockClassifier.Fit(examples, labels);
        for (int i = 0; i < examples.Count; i++)
        {
            Assert.Equal(labels[i], model.Keep(examples[i]));
        }
    }

    [Fact]
    public void Read_RejectsAMissingWeight_NamingIt()
    {
        var e = Assert.Throws<FormatException>(() => BlockClassifier.Read("rule_keep 1\nbias 0\n"));
        Assert.Contains("rejected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_WithAndWithoutTheClassifier_DropsNamedFurniture()
    {
        const string Prose = "The council approved the new budget on Tuesday after a long debate about bus fares and road repairs in the city. ";
        const string Comment = "I tried this on my own bus route last week and the fares were indeed unchanged, which surprised me a great deal. ";
        // The comments hold under half the page's text: named furniture, which neither the rules nor the classifier keep.
        string html = $"<html><body><article><p>{Prose}</p><p>{Prose}</p><p>{Prose}</p></article><div class=\"comments\"><p>{Comment}</p></div></body></html>";
        foreach (var classifier in new[] { null, BlockClassifier.Shipped })
        {
            var a = HtmlExtractor.Extract(html, new HtmlExtractorOptions { BlockClassifier = classifier, UseFallback = false });
            Assert.Contains("council approved", a.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("I tried this", a.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Samples_HoldOneFeatureVectorPerCandidateBlock()
    {
        const string Prose = "The council approved the new budget on Tuesday after a long debate about bus fares and road repairs in the city. ";
        string html = $"<html><body><article><p>{Prose}</p><p>{Prose}</p><p>{Prose}</p></article></body></html>";
        var samples = new List<BlockSample>();
        HtmlExtractor.Extract(html, new HtmlExtractorOptions { BlockSamples = samples.Add, UseFallback = false });
        Assert.Equal(3, samples.Count);
        Assert.All(samples, s => Assert.Equal(BlockClassifier.FeatureNames.Length, s.Features.Length));
        Assert.All(samples, s => Assert.True(s.RuleKeep));
    }

    [Fact]
    public void Samples_CarryTagPathAndClassWordsButNotTaxonomyClasses()
    {
        const string Prose = "The council approved the new budget on Tuesday after a long debate about bus fares and road repairs in the city. ";
        string html = "<html><body><article class=\"post-7 entry-content tag-share\"><p>" + Prose + "</p><p>" + Prose + "</p><blockquote><p>"
            + Prose + "</p></blockquote></article></body></html>";
        var samples = new List<BlockSample>();
        HtmlExtractor.Extract(html, new HtmlExtractorOptions { BlockSamples = samples.Add, UseFallback = false });
        double Feature(BlockSample s, string name) => s.Features[Array.IndexOf(BlockClassifier.FeatureNames, name)];

        Assert.Equal(3, samples.Count);
        Assert.All(samples, s => Assert.Equal(1, Feature(s, "class_entry")));
        Assert.All(samples, s => Assert.Equal(1, Feature(s, "class_content")));
        Assert.All(samples, s => Assert.Equal(0, Feature(s, "class_share")));
        Assert.Equal([0, 0, 1], samples.Select(s => Feature(s, "path_blockquote")));
    }
}
