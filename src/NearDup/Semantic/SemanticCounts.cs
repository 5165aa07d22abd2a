namespace NearDup.Semantic;

/// <summary>Exact counts of the meaning-level stage's work in one scan.</summary>
/// <param name="Candidates">Vector neighbours proposed.</param>
/// <param name="Filtered">Left after the cheap filters (language, lexical copies, shared entities).</param>
/// <param name="Verified">Left after the screen: verified with the verify encoder.</param>
/// <param name="SentencesEncoded">Sentences the verify encoder encoded.</param>
internal readonly record struct SemanticCounts(int Candidates, int Filtered, int Verified, long SentencesEncoded);
