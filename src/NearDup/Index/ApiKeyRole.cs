using System.Text.Json.Serialization;

namespace NearDup.Index;

/// <summary>What an API key may do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApiKeyRole>))]
internal enum ApiKeyRole
{
    /// <summary>Match and read.</summary>
    [JsonStringEnumMemberName("read")]
    Read = 1,

    /// <summary>Match, read, add and remove documents.</summary>
    [JsonStringEnumMemberName("write")]
    Write = 2,
}
