namespace NearDup.Group;

/// <summary>What the grouper knows of each document beyond its relations; every part optional.</summary>
/// <param name="Terms">tf-idf vectors of the documents' words (<see cref="TermVectorBuilder"/>): the main evidence
/// that two documents report one event.</param>
/// <param name="Vectors">Dense document vectors (the semantic stage's), null entries for documents without one;
/// weighed by <see cref="GroupOptions.VectorWeight"/>.</param>
/// <param name="Languages">Language per document (null when unknown): documents in two known languages are never put
/// together by vectors alone.</param>
public sealed record StoryEvidence(
    TermVectors? Terms = null,
    IReadOnlyList<float[]?>? Vectors = null,
    IReadOnlyList<string?>? Languages = null)
{
    /// <summary>No evidence: stories come from relations alone.</summary>
    public static StoryEvidence None { get; } = new();
}
