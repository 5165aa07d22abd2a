namespace NearDup.Relate;

/// <summary>The stable snake_case names of <see cref="RelationKind"/>, <see cref="Direction"/> and passage kinds used in JSON and CSV.</summary>
public static class RelationNames
{
    public static string Name(RelationKind kind) => kind switch
    {
        RelationKind.None => "none",
        RelationKind.Exact => "exact",
        RelationKind.NearExact => "near_exact",
        RelationKind.Contains => "contains",
        RelationKind.SharedSource => "shared_source",
        RelationKind.Partial => "partial",
        RelationKind.Paraphrase => "paraphrase",
        RelationKind.SameStory => "same_story",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown relation kind."),
    };

    public static string Name(Direction direction) => direction switch
    {
        Direction.None => "none",
        Direction.AInsideB => "a_inside_b",
        Direction.BInsideA => "b_inside_a",
        Direction.AFromB => "a_from_b",
        Direction.BFromA => "b_from_a",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
    };

    public static string Name(NearDup.Align.PassageKind kind) => kind switch
    {
        NearDup.Align.PassageKind.Verbatim => "verbatim",
        NearDup.Align.PassageKind.Edited => "edited",
        NearDup.Align.PassageKind.Paraphrase => "paraphrase",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown passage kind."),
    };

    /// <summary>Parses a snake_case relation name (as written by <see cref="Name(RelationKind)"/>).</summary>
    public static bool TryParse(string? name, out RelationKind kind)
    {
        for (var k = RelationKind.None; k <= RelationKind.SameStory; k++)
        {
            if (string.Equals(name, Name(k), StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = RelationKind.None;
        return false;
    }
}
