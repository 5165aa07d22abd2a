using NearDup.Relate;

namespace NearDup.Group;

/// <summary>Which relations join documents into one story.</summary>
public sealed record GroupOptions
{
    /// <summary>Kinds that join two documents into one story whatever their coverage. Default: exact, near_exact,
    /// contains, shared_source, paraphrase and same_story: each says the two tell one story.</summary>
    public IReadOnlySet<RelationKind> JoinKinds { get; init; } = new HashSet<RelationKind>
    {
        RelationKind.Exact, RelationKind.NearExact, RelationKind.Contains, RelationKind.SharedSource,
        RelationKind.Paraphrase, RelationKind.SameStory,
    };

    /// <summary>
    /// A partial relation joins only when both sides are at least this covered. Default 0.3. A quoted paragraph is
    /// not a shared story: a round-up quoting one line from each of several stories would otherwise chain them all
    /// into one; requiring a share of both texts lets only substantial overlaps join. Set above 1 to never join on
    /// partial relations.
    /// </summary>
    public double PartialJoinCoverage { get; init; } = 0.3;

    /// <summary>Whether documents related to nothing come out as one-member stories. Default false: the output is a
    /// partition of the related documents only.</summary>
    public bool IncludeSingletons { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (JoinKinds is null)
        {
            throw new ArgumentOutOfRangeException(nameof(JoinKinds), "JoinKinds must not be null.");
        }

        if (!(PartialJoinCoverage >= 0) || double.IsInfinity(PartialJoinCoverage))
        {
            throw new ArgumentOutOfRangeException(nameof(PartialJoinCoverage), PartialJoinCoverage, "PartialJoinCoverage must be a finite number ≥ 0.");
        }
    }
}
