using NearDup.Evaluation;
using NearDup.Evaluation.Synth;
using NearDup.Relate;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// The scan's paraphrase cascade (<see cref="SemanticRelater"/> with the shipped cross-encoder): MiniLM's aligner
/// proposes the sentence pairs, the cross-encoder confirms those that decide the verdict. The MRPC articles below are
/// real news sentences from MRPC's train split, which the shipped cross-encoder was fitted on: these tests pin the
/// cascade's behaviour, not its quality (docs/EVALUATION.md scores it on pairs it never saw).
/// </summary>
public class ParaphraseCascadeTest
{
    private static readonly Lazy<List<ArticlePair>> Articles = new(() =>
        ParaphraseArticles.Build(MrpcEvaluator.SentencePairs(Path.Combine(TestPaths.Shared, "eval", "mrpc"))));

    private static IParaphraseVerifier CrossEncoder => MiniLmPresets.CrossEncoder()
        ?? throw new InvalidOperationException("minilm-paraphrase.ndce is not embedded: train it with tools/NearDup.Train.");

    [Fact]
    public void MrpcRewrite_TheEncoderMisses_TheCascadeFinds()
    {
        var (rewrite, alone, cascade) = Relate(Articles.Value[258]);

        Assert.True(rewrite);
        Assert.False(alone.Kind is SemanticRelationKind.Paraphrase or SemanticRelationKind.TextReuse, $"encoder alone: {alone.Kind}, support {alone.Support:F2}");
        Assert.Equal(SemanticRelationKind.Paraphrase, cascade.Kind);
        Assert.True(cascade.Support > alone.Support, $"support {alone.Support:F2} -> {cascade.Support:F2}");
    }

    [Fact]
    public void MrpcHardNegative_TheEncoderPasses_TheCascadeRefuses()
    {
        var (rewrite, alone, cascade) = Relate(Articles.Value[522]);

        Assert.False(rewrite);
        Assert.Equal(SemanticRelationKind.Paraphrase, alone.Kind);
        Assert.False(cascade.Kind is SemanticRelationKind.Paraphrase or SemanticRelationKind.TextReuse, $"cascade: {cascade.Kind}, support {cascade.Support:F2}");
    }

    [Fact]
    public void Seeds_000IsStillAParaphraseOf002_WithTheCascade()
    {
        var a = SemanticDocument.Create(SemanticTestData.Seed("000"), SemanticTestData.Encoder);
        var b = SemanticDocument.Create(SemanticTestData.Seed("002"), SemanticTestData.Encoder);

        var relation = new SemanticRelater(null, CrossEncoder).Relate(a, b);

        Assert.Equal(SemanticRelationKind.Paraphrase, relation.Kind);
        Assert.Equal(Direction.AFromB, relation.Direction);
    }

    [Theory]
    [InlineData("001", "002")] // wire copies: the verbatim pairs settle it
    [InlineData("002", "004")] // the same story in other words, far from a restatement
    public void Verifier_IsNotAsked_WhenItCannotChangeTheVerdict(string first, string second)
    {
        var a = SemanticDocument.Create(SemanticTestData.Seed(first), SemanticTestData.Encoder);
        var b = SemanticDocument.Create(SemanticTestData.Seed(second), SemanticTestData.Encoder);
        var counting = new CountingVerifier(CrossEncoder);

        var cascade = new SemanticRelater(null, counting).Relate(a, b);

        Assert.Equal(0, counting.Pairs);
        Assert.Equal(new SemanticRelater().Relate(a, b).Kind, cascade.Kind);
    }

    [Fact]
    public void Verifier_IsAskedOnce_PerDocumentPair_AtMostTheCap()
    {
        var article = Articles.Value[258];
        var (a, b) = Encode(article);
        var counting = new CountingVerifier(CrossEncoder);

        new SemanticRelater(null, counting).Relate(a, b);

        Assert.Equal(1, counting.Calls);
        Assert.InRange(counting.Pairs, 1, SemanticRelater.MaxVerifiedPairs);
    }

    // The article's label, and its pair related by MiniLM alone and by the cascade.
    private static (bool Rewrite, SemanticRelation Alone, SemanticRelation Cascade) Relate(ArticlePair article)
    {
        var (a, b) = Encode(article);
        return (article.Rewrite, new SemanticRelater().Relate(a, b), new SemanticRelater(null, CrossEncoder).Relate(a, b));
    }

    private static (SemanticDocument A, SemanticDocument B) Encode(ArticlePair article) =>
        (SemanticDocument.Create(article.Original, SemanticTestData.Encoder), SemanticDocument.Create(article.Other, SemanticTestData.Encoder));

    private sealed class CountingVerifier(IParaphraseVerifier inner) : IParaphraseVerifier
    {
        private int calls;
        private int pairs;

        public int Calls => calls;

        public int Pairs => pairs;

        public string Name => inner.Name;

        public float Threshold => inner.Threshold;

        public void Score(IReadOnlyList<string> first, IReadOnlyList<string> second, Span<float> probabilities)
        {
            Interlocked.Increment(ref calls);
            Interlocked.Add(ref pairs, first.Count);
            inner.Score(first, second, probabilities);
        }
    }
}
