namespace NearDup.Semantic;

/// <summary>
/// Cuts of the <see cref="SemanticScreen"/>, on static-encoder cosines, each fitted by 10-fold cross-validation for
/// 99% recall of the transformer's own decision (docs/EVALUATION-semantic.md, "Screen").
/// </summary>
/// <param name="AlignMinCosine">Static cosine from which a sentence may align with its partner (the transformer's
/// aligned pairs, paraphrase probability at least <see cref="SemanticOptions.AlignMinProbability"/>).</param>
/// <param name="StoryMinCosine">Static cosine from which a sentence may state the same fact as its partner (the
/// transformer's cosine at least <see cref="SemanticOptions.StorySentenceMinCosine"/>).</param>
/// <param name="RestMinCosine">Static cosine of the documents without their shared sentences from which they may be
/// one story (the transformer's at least <see cref="SemanticOptions.SameStoryMinCosine"/>).</param>
/// <param name="StoryMinEntities">Names and figures two documents that share no text must hold in common to be
/// screened for the same story on their sentence vectors...</param>
/// <param name="StoryMaxEntityDocuments">...each held by at most this many documents.</param>
internal readonly record struct SemanticScreenCuts(float AlignMinCosine, float StoryMinCosine, float RestMinCosine, int StoryMinEntities = 0, int StoryMaxEntityDocuments = int.MaxValue)
{
    /// <summary>Passes every pair: the screen off.</summary>
    public static SemanticScreenCuts None => new(-1f, -1f, -1f);
}
