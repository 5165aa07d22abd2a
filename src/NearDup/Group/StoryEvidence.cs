namespace NearDup.Group;

/// <summary>What the grouper knows of each document beyond its relations; every part optional.</summary>
/// <param name="Terms">tf-idf vectors of the documents' words (<see cref="TermVectorBuilder"/>): the main evidence
/// that two documents report one event.</param>
/// <param name="Vectors">Dense document vectors (the semantic stage's), null entries for documents without one;
/// weighed by <see cref="GroupOptions.VectorWeight"/>.</param>
/// <param name="Languages">Language per document (null when unknown): documents in two known languages are never put
/// together by vectors alone.</param>
internal sealed record StoryEvidence(
    TermVectors? Terms = null,
    IReadOnlyList<float[]?>? Vectors = null,
    IReadOnlyList<string?>? Languages = null)
{
    /// <summary>No evidence: stories come from relations alone.</summary>
    public static StoryEvidence None { get; } = new();

    /// <summary>
    /// <see cref="Terms"/>' neighbour pairs, already searched with the grouper's own <see cref="GroupOptions.Neighbours"/>
    /// and <see cref="GroupOptions.MinSimilarity"/> (the scan searches once, for the semantic stage and the grouper).
    /// </summary>
    internal IReadOnlyList<(int A, int B, double Cosine)>? TermNeighbours { get; init; }
}
