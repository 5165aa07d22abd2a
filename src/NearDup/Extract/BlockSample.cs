namespace NearDup.Extract;

/// <summary>One candidate block of the article, as the block classifier sees it: for training and diagnosis.</summary>
/// <param name="Text">The block's text.</param>
/// <param name="Features">Its features, in <see cref="BlockClassifier.FeatureNames"/> order.</param>
/// <param name="RuleKeep">Whether the hand-written rules keep it.</param>
/// <param name="Named">Whether it lies under a furniture-named element the rules cut whole (<see cref="BlockClassifier.Furniture"/> decides it).</param>
internal sealed record BlockSample(string Text, double[] Features, bool RuleKeep, bool Named);
