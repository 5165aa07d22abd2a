using System.Text.Json.Serialization;

namespace NearDup.Index;

/// <summary>What became of one document given to the index. JSON names are snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IndexStatus>))]
public enum IndexStatus
{
    /// <summary>Added: matched against everything indexed, joined or started a story, and kept.</summary>
    [JsonStringEnumMemberName("added")]
    Added,

    /// <summary>The same id with the same content was already indexed: nothing changed.</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary>Matched without adding (<see cref="NearDupIndex.MatchAsync"/>).</summary>
    [JsonStringEnumMemberName("matched")]
    Matched,

    /// <summary>The id is indexed with other content: refused, nothing changed (remove it first to replace it).</summary>
    [JsonStringEnumMemberName("conflict")]
    Conflict,

    /// <summary>Refused as bad input (empty id, text too long); <see cref="IndexOutcome.Message"/> says why.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}
