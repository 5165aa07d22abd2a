namespace NearDup.Candidates;

/// <summary>An indexed document matching a queried one (see <see cref="CandidateFinder.Query"/>).</summary>
/// <param name="Document">Ordinal of the indexed document.</param>
/// <param name="Estimate">Approximate similarity in [0, 1], as <see cref="CandidatePair.Estimate"/>.</param>
/// <param name="Source">The indexes that proposed the match.</param>
internal readonly record struct CandidateMatch(int Document, double Estimate, CandidateSource Source);
