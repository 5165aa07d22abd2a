using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NearDup.Extract;

/// <summary>What a page's JSON-LD says about its article (schema.org Article and kin).</summary>
internal sealed partial class JsonLdArticle
{
    public string? Body { get; private set; }

    public string? Headline { get; private set; }

    public string? Author { get; private set; }

    public DateTimeOffset? Published { get; private set; }

    public string? Url { get; private set; }

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>Reads one ld+json script; malformed JSON is ignored, as browsers and search engines do.</summary>
    public void Add(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.Trim().TrimEnd(';'), Options);
        }
        catch (JsonException)
        {
            return;
        }

        using (doc)
        {
            var stack = new Stack<JsonElement>();
            stack.Push(doc.RootElement);
            int visited = 0;
            while (stack.Count > 0 && visited++ < 10_000)
            {
                JsonElement e = stack.Pop();
                if (e.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in e.EnumerateArray())
                    {
                        stack.Push(item);
                    }

                    continue;
                }

                if (e.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                ReadObject(e);
                if (e.TryGetProperty("@graph", out JsonElement graph))
                {
                    stack.Push(graph);
                }

                if (e.TryGetProperty("mainEntity", out JsonElement main) && main.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    stack.Push(main);
                }
            }
        }
    }

    private void ReadObject(JsonElement e)
    {
        bool isArticle = IsArticleType(e);
        string? body = GetString(e, "articleBody") ?? (isArticle ? GetString(e, "text") : null);
        if (body is not null)
        {
            body = CleanBody(body);
            if (Body is null || body.Length > Body.Length)
            {
                Body = body;
            }
        }

        if (!isArticle && body is null)
        {
            return;
        }

        Headline ??= GetString(e, "headline") ?? GetString(e, "name");
        Author ??= GetAuthor(e);
        if (Published is null && GetString(e, "datePublished") is string date && HtmlExtractor.TryParseDate(date, out DateTimeOffset published))
        {
            Published = published;
        }

        Url ??= GetString(e, "url") ?? (e.TryGetProperty("mainEntityOfPage", out JsonElement page)
            ? page.ValueKind == JsonValueKind.String ? page.GetString() : GetString(page, "@id")
            : null);
    }

    private static bool IsArticleType(JsonElement e)
    {
        if (!e.TryGetProperty("@type", out JsonElement type))
        {
            return false;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return IsArticleTypeName(type.GetString());
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String && IsArticleTypeName(t.GetString()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsArticleTypeName(string? name) =>
        name is not null && (name.EndsWith("Article", StringComparison.OrdinalIgnoreCase)
            || name.Equals("BlogPosting", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Report", StringComparison.OrdinalIgnoreCase)
            || name.Equals("LiveBlogPosting", StringComparison.OrdinalIgnoreCase));

    private static string? GetString(JsonElement e, string property)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(property, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0)
        {
            v = v[0];
        }

        string? s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    private static string? GetAuthor(JsonElement e)
    {
        if (!e.TryGetProperty("author", out JsonElement author))
        {
            return null;
        }

        var names = new List<string>();
        if (author.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement a in author.EnumerateArray())
            {
                AddName(a, names);
            }
        }
        else
        {
            AddName(author, names);
        }

        return names.Count > 0 ? string.Join(", ", names) : null;
    }

    private static void AddName(JsonElement a, List<string> names)
    {
        string? name = a.ValueKind == JsonValueKind.String ? a.GetString() : GetString(a, "name");
        if (!string.IsNullOrWhiteSpace(name) && !names.Contains(name.Trim()))
        {
            names.Add(name.Trim());
        }
    }

    /// <summary>Some sites put HTML or entities into articleBody: strip tags, decode entities.</summary>
    private static string CleanBody(string body)
    {
        if (body.Contains('<', StringComparison.Ordinal))
        {
            body = BlockTag().Replace(body, "\n\n");
            body = AnyTag().Replace(body, string.Empty);
        }

        if (body.Contains('&', StringComparison.Ordinal))
        {
            body = WebUtility.HtmlDecode(body);
        }

        return body.Trim();
    }

    [GeneratedRegex(@"</?(?:p|div|br|h[1-6]|li|blockquote)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"<[^>]{0,2000}>", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
