using System.Text.Json.Serialization;

namespace NearDup.Pipeline;

/// <summary>What kind of page furniture a <see cref="Furniture"/> span is. JSON and CSV names are snake_case and stable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FurnitureKind>))]
internal enum FurnitureKind
{
    /// <summary>Spliced into one copy of a story and aligned with nothing in the others.</summary>
    [JsonStringEnumMemberName("intrusion")]
    Intrusion,

    /// <summary>Recurs across unrelated documents of the corpus (learned boilerplate).</summary>
    [JsonStringEnumMemberName("boilerplate")]
    Boilerplate,
}
