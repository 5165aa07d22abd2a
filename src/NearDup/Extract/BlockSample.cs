namespace NearDup.Extract;

/// <summary>One candidate block of the article, as the block classifier sees it: for training and diagnosis.</summary>
/// <param name="Text">The block's text.</param>
/// <param name="Features">Its features, in <see cref="BlockClassifier.FeatureNames"/> order.</param>
/// <param name="RuleKeep">Whether the hand-written rules keep it.</param>
internal sealed record BlockSample(string Text, double[] Features, bool RuleKeep);
