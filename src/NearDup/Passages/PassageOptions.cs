namespace NearDup.Passages;

/// <summary>Settings of the passage clusters (reprinted passages, as passim reports them).</summary>
public sealed record PassageOptions
{
    /// <summary>
    /// Words a member's passage must span to be reported. Default 20, as <c>RelateOptions.MinPartialTokens</c>:
    /// shorter shared stretches are names and stock phrases.
    /// </summary>
    public int MinTokens { get; init; } = 20;

    /// <summary>
    /// Largest gap, in tokens, between two fingerprints of one passage in a document. Default 20: winnowing keeps at
    /// least one fingerprint in every window of shingles (6 by default), so inside a shared passage fingerprints are
    /// at most a window apart; 20 tolerates one or two taken by another, larger group of documents.
    /// </summary>
    public int MaxGapTokens { get; init; } = 20;

    /// <summary>
    /// Also report passages whose members are all one copy family (documents joined by exact, near_exact, contains
    /// or shared_source relations): their reuse is already said by the relations and the story. Default false.
    /// </summary>
    public bool IncludeCopies { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public PassageOptions Validate()
    {
        if (MinTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTokens), MinTokens, "MinTokens must be at least 1.");
        }

        if (MaxGapTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGapTokens), MaxGapTokens, "MaxGapTokens must be at least 1.");
        }

        return this;
    }
}
