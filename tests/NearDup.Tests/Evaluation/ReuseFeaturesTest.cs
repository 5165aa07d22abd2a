using NearDup.Evaluation;
using NearDup.Text;

namespace NearDup.Tests.Evaluation;

public class ReuseFeaturesTest
{
    [Fact]
    public void Containment_IsSharedDistinctGramsOverTheTextsGrams_HandComputed()
    {
        var a = Tokenizer.Tokenize("a b c d a");
        var b = Tokenizer.Tokenize("x a b y d");
        // distinct words of a: a b c d -> 3 of 4 in b.
        Assert.Equal(0.75, ReuseFeatures.Containment(a, b, 1), 12);
        // bigrams of a: ab bc cd da -> only ab in b.
        Assert.Equal(0.25, ReuseFeatures.Containment(a, b, 2), 12);
        Assert.Equal(0, ReuseFeatures.Containment(a, b, 3), 12);
        Assert.Equal(0, ReuseFeatures.Containment(Tokenizer.Tokenize("a b"), b, 3), 12);
    }

    [Fact]
    public void Copy_IsFullyCovered_AndUnrelatedTextIsNot()
    {
        string source = string.Join(' ', Enumerable.Range(0, 60).Select(i => "w" + i));
        var copy = ReuseFeatures.Compute(source, source);
        foreach (var f in Enum.GetValues<ReuseFeature>())
        {
            // A copy is verbatim, not edited, and its sentence copied, not rewritten.
            Assert.Equal(f is ReuseFeature.EditedShare or ReuseFeature.RewrittenSentenceShare ? 0 : 1, copy[f], 12);
        }

        var other = ReuseFeatures.Compute(string.Join(' ', Enumerable.Range(0, 60).Select(i => "v" + i)), source);
        Assert.Equal(0, other[ReuseFeature.Coverage]);
        Assert.Equal(0, other[ReuseFeature.Containment1]);
    }

    [Fact]
    public void Classifier_FitsSeparableLevels_AndOrdersThem()
    {
        double[] scores = [0.01, 0.02, 0.03, 0.30, 0.35, 0.60, 0.65, 0.95, 0.99];
        ReuseLevel[] levels = [ReuseLevel.None, ReuseLevel.None, ReuseLevel.None, ReuseLevel.Heavy, ReuseLevel.Heavy, ReuseLevel.Light, ReuseLevel.Light, ReuseLevel.Cut, ReuseLevel.Cut];
        var features = scores.Select(s => ReuseFeatures.FromValues(Enumerable.Repeat(s, ReuseFeatures.Count).ToArray())).ToList();
        var model = ReuseLevelClassifier.Fit(features, levels);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.Equal(levels[i], model.Classify(features[i]));
            Assert.Equal(levels[i] != ReuseLevel.None, model.IsReuse(features[i]));
        }

        // Thresholds sit midway between the neighbouring classes.
        Assert.Equal((0.03 + 0.30) / 2, model.ReuseThreshold, 12);
        Assert.Equal((0.35 + 0.60) / 2, model.LightThreshold, 12);
        Assert.Equal((0.65 + 0.95) / 2, model.CutThreshold, 12);
    }

    [Fact]
    public void ReorderedPassages_KeepLessOrder_ThanACopyInOrder()
    {
        string first = string.Join(' ', Enumerable.Range(0, 30).Select(i => "a" + i));
        string second = string.Join(' ', Enumerable.Range(0, 20).Select(i => "b" + i));
        string source = first + " " + second;
        Assert.Equal(1, ReuseFeatures.Compute(source, source)[ReuseFeature.OrderKept], 12);
        // The second part first: only the heavier passage (30 of 50 matched words) keeps the order.
        Assert.Equal(0.6, ReuseFeatures.Compute(second + " " + first, source)[ReuseFeature.OrderKept], 12);
    }

    [Fact]
    public void Model_FitsSeparableLevels_AndSurvivesItsJson()
    {
        double[] scores = [0.01, 0.02, 0.03, 0.30, 0.35, 0.60, 0.65, 0.95, 0.99];
        ReuseLevel[] levels = [ReuseLevel.None, ReuseLevel.None, ReuseLevel.None, ReuseLevel.Heavy, ReuseLevel.Heavy, ReuseLevel.Light, ReuseLevel.Light, ReuseLevel.Cut, ReuseLevel.Cut];
        var features = scores.Select(s => ReuseFeatures.FromValues(Enumerable.Repeat(s, ReuseFeatures.Count).ToArray())).ToList();
        var model = ReuseLevelModel.Fit(features, levels);
        var copy = ReuseLevelModel.FromJson(model.ToJson());
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.Equal(levels[i], model.Classify(features[i]));
            Assert.Equal(levels[i] != ReuseLevel.None, model.IsReuse(features[i]));
            Assert.Equal(model.Classify(features[i]), copy.Classify(features[i]));
            Assert.Equal(1, model.Probabilities(features[i]).Sum(), 9);
        }
    }

    [Fact]
    public void Model_FromJson_RejectsWhatIsNotAModel()
    {
        Assert.Throws<FormatException>(() => ReuseLevelModel.FromJson("{}"));
        Assert.Throws<FormatException>(() => ReuseLevelModel.FromJson("not json"));
    }

    [Fact]
    public void ShippedModel_Loads_AndReadsTheDefaultFeatures()
    {
        Assert.Equal(ReuseLevelModel.DefaultFeatures, ReuseLevelModel.Default.Features);
    }
}
