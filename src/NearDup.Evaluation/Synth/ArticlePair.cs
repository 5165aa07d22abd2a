namespace NearDup.Evaluation.Synth;

/// <summary>An article and a second one built sentence by sentence from it (<see cref="ParaphraseArticles"/>).</summary>
/// <param name="Original">The original article: one sentence per paragraph.</param>
/// <param name="Other">Its rewrite (each sentence replaced by its labelled paraphrase) or its hard negative (each
/// replaced by a sentence labelled not a paraphrase).</param>
/// <param name="Rewrite">True for a rewrite, false for a hard negative.</param>
public sealed record ArticlePair(string Original, string Other, bool Rewrite);
