using NearDup.Evaluation.Synth;

namespace NearDup.Tests.Synth;

public class PlantedParaphraseTest
{
    private static List<SentencePair> Pairs(int count, bool paraphrase) =>
        [.. Enumerable.Range(0, count).Select(i => new SentencePair($"Sentence {i} {paraphrase} of the original.", $"Second {i} {paraphrase} sentence, reworded.", paraphrase))];

    [Fact]
    public void Build_RunsOfSentences_RewritesThenHardNegatives_EachSentenceOnce()
    {
        var pairs = Pairs(13, true).Concat(Pairs(7, false)).ToList();
        pairs.Add(pairs[0]); // a repeated sentence is skipped
        var articles = ParaphraseArticles.Build(pairs, sentencesPerArticle: 3);
        Assert.Equal([true, true, true, true, false, false], articles.Select(a => a.Rewrite));
        Assert.Equal("Sentence 0 True of the original.\n\nSentence 1 True of the original.\n\nSentence 2 True of the original.", articles[0].Original);
        Assert.StartsWith("Second 0 True sentence, reworded.", articles[0].Other, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_PlantsEachArticlePair_WithItsTruth_KeepingTheCount()
    {
        var articles = ParaphraseArticles.Build(Pairs(12, true).Concat(Pairs(6, false)).ToList());
        var options = new SynthOptions { Count = 300, Seed = 3, Paraphrases = articles };
        var corpus = SyntheticCorpus.Generate(options);
        var documents = corpus.Documents.ToDictionary(d => d.Id, d => d.Text);
        Assert.Equal(300, documents.Count);

        var planted = corpus.Truth.Where(t => t.Kind is SynthKind.Paraphrase or SynthKind.HardNegative).ToList();
        Assert.Equal(3, planted.Count);
        Assert.Equal(2, planted.Count(t => t.Kind == SynthKind.Paraphrase));
        foreach (var t in planted)
        {
            var article = articles.Single(a => (a.Original == documents[t.A] && a.Other == documents[t.B]) || (a.Original == documents[t.B] && a.Other == documents[t.A]));
            Assert.Equal(article.Rewrite, t.Kind == SynthKind.Paraphrase);
        }

        // Without planted pairs the corpus is the one it always was.
        var plain = SyntheticCorpus.Generate(options with { Paraphrases = [] });
        Assert.Equal(SyntheticCorpus.Generate(new SynthOptions { Count = 300, Seed = 3 }).Truth, plain.Truth);
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCorpus.Generate(options with { Count = 6 }));
    }

    [Fact]
    public void Score_HardNegativeReported_IsAFalsePositive_NotAMiss()
    {
        TruthPair[] truth = [new("a", "b", SynthKind.Paraphrase), new("c", "d", SynthKind.HardNegative), new("e", "f", SynthKind.Exact)];
        var score = SynthScore.Score(truth, [("a", "b"), ("d", "c")]);
        Assert.Equal(1, score.TruePositives);
        Assert.Equal(1, score.FalsePositives);
        Assert.Equal(1, score.FalseNegatives);
        Assert.Equal(1, score.PerKind.Single(k => k.Kind == SynthKind.HardNegative).Found);
        Assert.True(TruthPair.TryParseKind("hard-negative", out var kind) && kind == SynthKind.HardNegative);
    }
}
