using System.Collections.Concurrent;
using System.Text.Json;

namespace NearDup.Report;

/// <summary>The stable snake_case names that reports give enum values (<c>SharedSource</c> → <c>shared_source</c>).</summary>
public static class Names
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string Of<T>(T value)
        where T : struct, Enum =>
        Cache.GetOrAdd(value, static v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
}
