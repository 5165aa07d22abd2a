using System.Text.Json.Serialization;

namespace NearDup.Align;

/// <summary>How the two sides of a <see cref="Passage"/> relate. JSON names are snake_case and stable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PassageKind>))]
public enum PassageKind
{
    /// <summary>The normalized token sequences are identical.</summary>
    [JsonStringEnumMemberName("verbatim")]
    Verbatim,

    /// <summary>The same text with small edits: words inserted, deleted or substituted.</summary>
    [JsonStringEnumMemberName("edited")]
    Edited,

    /// <summary>The same content in other words; set by the semantic layer, never by the lexical <see cref="Aligner"/>.</summary>
    [JsonStringEnumMemberName("paraphrase")]
    Paraphrase,
}
