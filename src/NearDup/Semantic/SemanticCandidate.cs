namespace NearDup.Semantic;

/// <summary>Two documents whose vectors are close: a pair to verify with <see cref="SemanticRelater"/>.</summary>
/// <param name="A">Index of the first document (as returned by <see cref="SemanticCandidateFinder.Add"/>); always below <paramref name="B"/>.</param>
/// <param name="B">Index of the second document.</param>
/// <param name="Cosine">Cosine of the two document vectors.</param>
internal readonly record struct SemanticCandidate(int A, int B, float Cosine);
