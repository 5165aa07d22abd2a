using System.Text.Json.Serialization;

namespace NearDup.Relate;

/// <summary>Which way a relation points: which text is inside which, or which way the text flowed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Direction>))]
public enum Direction
{
    /// <summary>Symmetric, or not known.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>A lies (mostly) inside B.</summary>
    [JsonStringEnumMemberName("a_inside_b")]
    AInsideB,

    /// <summary>B lies (mostly) inside A.</summary>
    [JsonStringEnumMemberName("b_inside_a")]
    BInsideA,

    /// <summary>A derives from B (A rewrites B), told by coverage or publication times.</summary>
    [JsonStringEnumMemberName("a_from_b")]
    AFromB,

    /// <summary>B derives from A.</summary>
    [JsonStringEnumMemberName("b_from_a")]
    BFromA,
}
