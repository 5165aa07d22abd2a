namespace NearDup.Semantic;

/// <summary>Exact counts of the meaning-level stage's work in one scan.</summary>
/// <param name="Candidates">Vector neighbours proposed.</param>
/// <param name="Filtered">Left after the cheap filters (language, lexical copies, shared entities).</param>
/// <param name="Verified">Left after the screen: verified with the verify encoder.</param>
/// <param name="SentencesEncoded">Sentences the verify encoder encoded.</param>
/// <param name="Vectors">Time spent on document vectors and entity keys.</param>
/// <param name="Neighbours">Time spent finding vector neighbours and filtering them.</param>
/// <param name="Screen">Time spent screening with the cheap encoder.</param>
/// <param name="Verification">Time spent encoding with the verify encoder and relating.</param>
internal readonly record struct SemanticCounts(int Candidates, int Filtered, int Verified, long SentencesEncoded,
    TimeSpan Vectors = default, TimeSpan Neighbours = default, TimeSpan Screen = default, TimeSpan Verification = default);
