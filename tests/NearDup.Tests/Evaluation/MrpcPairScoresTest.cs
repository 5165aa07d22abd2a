using NearDup.Evaluation;
using NearDup.Tests.Semantic;

namespace NearDup.Tests.Evaluation;

/// <summary>
/// <c>neardup eval mrpc --pairs</c> writes what the engine knows of each pair (the features of a second stage over the
/// cross-encoder): the per-pair scores must be the ones the summary counts were made from.
/// </summary>
public class MrpcPairScoresTest
{
    [Fact]
    public void Scores_OnePerPairInFileOrder_AgreeWithTheCounts()
    {
        var r = MrpcEvaluator.Run(Path.Combine(TestPaths.Shared, "eval", "mrpc"), SemanticTestData.Encoder, maxPairs: 60);
        var pairs = SemanticTestData.Mrpc().Take(60).ToList();

        Assert.Equal(60, r.Scores.Count);
        Assert.Equal(pairs.Select(p => p.Paraphrase), r.Scores.Select(s => s.Paraphrase));
        Assert.All(r.Scores, s => Assert.True(float.IsNaN(s.CrossEncoderProbability), "no verifier, no probability"));
        Assert.Equal(r.NearDup.TruePositives + r.NearDup.FalsePositives, r.Scores.Count(s => s.ScorerProbability >= 0.5));
        Assert.Equal(r.WordJaccard.TruePositives + r.WordJaccard.FalsePositives, r.Scores.Count(s => s.Jaccard >= 0.5f));
        Assert.All(r.Scores, s => Assert.InRange(s.Unmatched, 0f, 1f));
    }
}
