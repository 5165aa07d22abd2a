namespace NearDup.Evaluation;

/// <summary>What the reuse evaluators ask of a fitted reuse model: reuse or not, and the level.</summary>
public interface IReuseRule
{
    /// <summary>Whether the text reuses its source.</summary>
    bool IsReuse(ReuseFeatures features);

    /// <summary>The level of reuse (<see cref="ReuseLevel.None"/> when there is none).</summary>
    ReuseLevel Classify(ReuseFeatures features);
}
