namespace NearDup.Candidates;

/// <summary>Two documents worth aligning, by insertion ordinal (<see cref="A"/> &lt; <see cref="B"/>).</summary>
/// <param name="A">Lower ordinal.</param>
/// <param name="B">Higher ordinal.</param>
/// <param name="Estimate">
/// Approximate similarity in [0, 1]: 1 for equal content hashes, else the larger of the MinHash Jaccard estimate
/// (standard error about <c>sqrt(J(1-J)/k)</c>) and the winnow containment estimate (shared fingerprints over the
/// smaller document's, common fingerprints excluded). A ranking hint; stage 7 measures the real overlap.
/// </param>
/// <param name="Source">The indexes that proposed the pair.</param>
internal readonly record struct CandidatePair(int A, int B, double Estimate, CandidateSource Source);
