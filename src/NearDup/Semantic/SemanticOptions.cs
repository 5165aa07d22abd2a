namespace NearDup.Semantic;

/// <summary>Thresholds of the semantic stage. Where a default came from data, its comment says which.</summary>
public sealed record SemanticOptions
{
    /// <summary>Sentence-pair scorer. Default: fitted on MRPC train with MiniLM (<see cref="ParaphraseScorer.Default"/>).</summary>
    internal ParaphraseScorer Scorer { get; init; } = ParaphraseScorer.Default;

    /// <summary>
    /// Least paraphrase probability for two sentences to align. Default 0.5: the decision point at which the scorer
    /// was cross-validated on MRPC (accuracy 0.752, F1 0.827).
    /// </summary>
    public double AlignMinProbability { get; init; } = 0.5;

    /// <summary>
    /// With a <see cref="IParaphraseVerifier"/>: least probability from which the aligner proposes a sentence pair for
    /// the verifier to judge; a proposal below <see cref="AlignMinProbability"/> that the verifier does not confirm
    /// is dropped. Default 0.25, below the encoder's own decision so that the verifier, not the cosine, decides the
    /// borderline pairs (as the cascade row of <c>neardup eval mrpc</c>).
    /// </summary>
    public double ProposalMinProbability { get; init; } = 0.25;

    /// <summary>
    /// Least probability for a pair outside the monotone order (a moved sentence). Default 0.8, stricter than in order:
    /// on MRPC train the scorer's precision at 0.8 is 0.888 (recall 0.52; docs/EVALUATION-semantic.md).
    /// </summary>
    public double OutOfOrderMinProbability { get; init; } = 0.8;

    /// <summary>Least cosine of each part of a merge (two sentences against one). Default 0.4.</summary>
    public float MergePartMinCosine { get; init; } = 0.4f;

    /// <summary>Share of both sides' words in identical runs from which an aligned pair is verbatim. Default 0.95.</summary>
    public float VerbatimMinShare { get; init; } = 0.95f;

    /// <summary>
    /// Share of the shorter side's words in identical runs from which an aligned pair is an edited copy rather than
    /// a paraphrase. Default 0.5: half the words still in runs of <see cref="MinVerbatimRunWords"/> is copying.
    /// </summary>
    public float EditedMinShare { get; init; } = 0.5f;

    /// <summary>Fewest consecutive identical words reported as a verbatim run inside a pair. Default 4.</summary>
    public int MinVerbatimRunWords { get; init; } = 4;

    /// <summary>
    /// Least support (<see cref="SemanticRelation.Support"/>: the shorter document's text in aligned pairs, each
    /// pair weighted by its paraphrase probability) for <see cref="SemanticRelationKind.Paraphrase"/> or
    /// <see cref="SemanticRelationKind.TextReuse"/>. Default 0.542: the accuracy-maximizing threshold on the 626
    /// MRPC articles (427 rewrites against 199 hard negatives); 10-fold cross-validated, the semantic stage then
    /// finds rewrites with recall 0.941 at precision 0.918 with the int8 encoder (was 0.998 / 0.776 with coverage ≥ 0.5;
    /// <c>MrpcArticleEvaluator</c>, docs/EVALUATION-semantic.md).
    /// </summary>
    public double ParaphraseMinSupport { get; init; } = 0.542;

    /// <summary>
    /// <see cref="ParaphraseMinSupport"/> when a <see cref="IParaphraseVerifier"/> weighs the pairs in other words (its
    /// probabilities are not the encoder's, so the cut is its own). Default 0.609: the mean of the cuts fitted (most
    /// correct calls, out-of-fold probabilities) on the MRPC articles of each half of train by a cross-encoder fitted
    /// on the other half, 0.601 and 0.617 (10-fold CV per half; docs/EVALUATION.md, "The cross-encoder in the scan").
    /// </summary>
    public double VerifiedMinSupport { get; init; } = 0.609;

    /// <summary>Least share of aligned pairs in order for a paraphrase. Default 0.6.</summary>
    public double ParaphraseMinInOrder { get; init; } = 0.6;

    /// <summary>
    /// Share of the aligned words in identical runs at or above which the reuse is lexical
    /// (<see cref="SemanticRelationKind.TextReuse"/>) rather than a paraphrase. Default 0.5, as <see cref="EditedMinShare"/>.
    /// </summary>
    public double ParaphraseMaxVerbatimShare { get; init; } = 0.5;

    /// <summary>Least cosine of the two document vectors for <see cref="SemanticRelationKind.SameStory"/>. Default 0.7.</summary>
    public float SameStoryMinCosine { get; init; } = 0.7f;

    /// <summary>
    /// Cosine from which two sentences are taken to report the same fact. Default 0.6: on MRPC (pairs drawn from
    /// one news story) 90% of pairs reach 0.59, while of sentences from different pairs only 0.1% reach 0.49.
    /// </summary>
    public float StorySentenceMinCosine { get; init; } = 0.6f;

    /// <summary>Least sentences of the shorter document with a same-fact sentence in the other, for same story. Default 2.</summary>
    public int SameStoryMinSentences { get; init; } = 2;

    /// <summary>Whether a pair with this support and in-order share restates one document in the other (paraphrase or text reuse).</summary>
    internal bool Restates(double support, double inOrderShare) => support >= ParaphraseMinSupport && inOrderShare >= ParaphraseMinInOrder;

    /// <summary>Checks every range; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scorer, nameof(Scorer));
        Probability(AlignMinProbability, nameof(AlignMinProbability));
        Probability(OutOfOrderMinProbability, nameof(OutOfOrderMinProbability));
        Probability(ProposalMinProbability, nameof(ProposalMinProbability));
        Probability(VerbatimMinShare, nameof(VerbatimMinShare));
        Probability(EditedMinShare, nameof(EditedMinShare));
        Probability(ParaphraseMinSupport, nameof(ParaphraseMinSupport));
        Probability(VerifiedMinSupport, nameof(VerifiedMinSupport));
        Probability(ParaphraseMinInOrder, nameof(ParaphraseMinInOrder));
        Probability(ParaphraseMaxVerbatimShare, nameof(ParaphraseMaxVerbatimShare));
        if (MergePartMinCosine is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MergePartMinCosine), MergePartMinCosine, "MergePartMinCosine must be in [-1, 1].");
        }

        if (SameStoryMinCosine is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SameStoryMinCosine), SameStoryMinCosine, "SameStoryMinCosine must be in [-1, 1].");
        }

        if (StorySentenceMinCosine is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StorySentenceMinCosine), StorySentenceMinCosine, "StorySentenceMinCosine must be in [-1, 1].");
        }

        if (MinVerbatimRunWords < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinVerbatimRunWords), MinVerbatimRunWords, "MinVerbatimRunWords must be at least 1.");
        }

        if (SameStoryMinSentences < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SameStoryMinSentences), SameStoryMinSentences, "SameStoryMinSentences must be at least 0.");
        }
    }

    private static void Probability(double value, string name)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1].");
        }
    }
}
