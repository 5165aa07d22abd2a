using System.Text.Json.Serialization;

namespace NearDup.Relate;

/// <summary>How two documents relate. JSON names are snake_case and stable (written by the reports as these attributes give them).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RelationKind>))]
public enum RelationKind
{
    /// <summary>No relation found.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The same normalized content.</summary>
    [JsonStringEnumMemberName("exact")]
    Exact,

    /// <summary>Nearly all of both texts aligned: the same text with small edits.</summary>
    [JsonStringEnumMemberName("near_exact")]
    NearExact,

    /// <summary>One text lies almost wholly (at least <see cref="RelateOptions.ContainedCoverage"/>) inside the other, short of near_exact: an excerpt or a trimmed copy; <see cref="Relation.Direction"/> says which.</summary>
    [JsonStringEnumMemberName("contains")]
    Contains,

    /// <summary>Both texts copy much of the same text, neither almost wholly inside the other (two trimmed copies of one wire story).</summary>
    [JsonStringEnumMemberName("shared_source")]
    SharedSource,

    /// <summary>Some passage of meaningful size shared, the rest not.</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,

    /// <summary>One rewrites the other in other words (set by the semantic layer).</summary>
    [JsonStringEnumMemberName("paraphrase")]
    Paraphrase,

    /// <summary>The same event told independently, without text reuse (set by the semantic layer).</summary>
    [JsonStringEnumMemberName("same_story")]
    SameStory,
}
