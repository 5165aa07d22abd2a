namespace NearDup.Evaluation;

/// <summary>
/// What a scan made of the planted article pairs of a synthetic corpus (<see cref="Synth.SynthOptions.Paraphrases"/>):
/// rewrites are positives, hard negatives negatives, each judged by the relation reported for the pair.
/// </summary>
/// <param name="Paraphrase">Reported as <c>paraphrase</c>.</param>
/// <param name="ParaphraseOrLexical">Reported as <c>paraphrase</c> or a lexical copy (exact, near_exact, contains,
/// shared_source): a lexically close rewrite is text reuse either way.</param>
/// <param name="ParaphraseRelations">All pairs of the corpus reported as <c>paraphrase</c>.</param>
/// <param name="ParaphraseOnOtherReuse">Of those, pairs that are planted reuse of another kind (edited, shuffled...).</param>
/// <param name="ParaphraseUnrelated">Of those, pairs in no truth row at all.</param>
public sealed record PlantedParaphraseScore(
    BinaryCounts Paraphrase,
    BinaryCounts ParaphraseOrLexical,
    int ParaphraseRelations,
    int ParaphraseOnOtherReuse,
    int ParaphraseUnrelated);
