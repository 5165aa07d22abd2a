using System.Text.Json;

namespace NearDup.Index;

/// <summary>How stores that keep a relation as text write it: the public record as JSON.</summary>
internal static class RelationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Write(DocumentRelation relation) => JsonSerializer.Serialize(relation, Options);

    public static DocumentRelation Read(string json) =>
        JsonSerializer.Deserialize<DocumentRelation>(json, Options) ?? throw new InvalidDataException("A stored relation is null.");
}
