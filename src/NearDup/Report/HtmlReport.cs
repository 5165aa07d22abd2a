using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NearDup.Pipeline;

namespace NearDup.Report;

/// <summary>
/// Writes a scan as one self-contained HTML file that works offline: stories, relations, passage clusters and a
/// pair view with both texts side by side and the aligned passages lit up (docs/OUTPUT.md, "HTML").
/// </summary>
/// <remarks>
/// The page embeds the scan's JSON (schema 2) and the texts of the documents that take part in a relation, a story
/// or a passage cluster (after the script, one element each, parsed only when shown), and renders one page of 50
/// items at a time, so a report of many documents opens quickly.
/// Nothing taken from a document is ever parsed as HTML: the embedded JSON has <c>&lt;</c>, <c>&gt;</c> and
/// <c>&amp;</c> escaped, and the page inserts text with <c>textContent</c> only.
/// </remarks>
internal static class HtmlReport
{
    private const string TemplateName = "NearDup.Report.HtmlReport.html";
    private const string ScanSlot = "/*SCAN*/";
    private const string TextsSlot = "/*TEXTS*/";

    /// <summary>Writes the report of <paramref name="result"/>, with the texts read back from the scan.</summary>
    public static void Write(ScanResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new MemoryStream();
        // Passage texts are left out: the page cuts them from the whole texts it carries.
        JsonReport.Write(result, json, new ReportOptions { PassageText = false, Indented = false });
        var ordinals = new Dictionary<string, int>(result.Documents.Count, StringComparer.Ordinal);
        foreach (var d in result.Documents)
        {
            ordinals[d.Id] = d.Ordinal;
        }

        Write(json.ToArray(), id => ordinals.TryGetValue(id, out int ordinal) ? result.Text(ordinal) : null, output);
    }

    /// <summary>
    /// Writes the report of a scan saved as JSON (<c>neardup scan --format json</c>). <paramref name="textOf"/> gives
    /// a document's original text by id, or null when it is not at hand: the pair view then shows the passages'
    /// own text from the JSON, when it has it.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    /// <exception cref="InvalidDataException">The JSON is not a scan report of schema <see cref="JsonReport.SchemaVersion"/>; the message says what is missing.</exception>
    public static void Write(ReadOnlyMemory<byte> scanJson, Func<string, string?> textOf, Stream output)
    {
        ArgumentNullException.ThrowIfNull(textOf);
        ArgumentNullException.ThrowIfNull(output);
        var shown = ShownDocuments(scanJson);
        string template = Template();
        int scanAt = template.IndexOf(ScanSlot, StringComparison.Ordinal);
        int textsAt = template.IndexOf(TextsSlot, StringComparison.Ordinal);

        WriteUtf8(output, template.AsSpan(0, scanAt));
        WriteEscaped(output, scanJson.Span);
        WriteUtf8(output, template.AsSpan(scanAt + ScanSlot.Length, textsAt - scanAt - ScanSlot.Length));
        WriteTexts(output, shown, textOf);
        WriteUtf8(output, template.AsSpan(textsAt + TextsSlot.Length));
        output.Flush();
    }

    /// <summary>Ids of the documents the page can show: members of a relation, a story or a passage cluster.</summary>
    private static List<string> ShownDocuments(ReadOnlyMemory<byte> scanJson)
    {
        using var document = JsonDocument.Parse(scanJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException("Not a NearDup scan report: the JSON has no \"schema\" field (write one with neardup scan --format json).");
        }

        if (schema.GetString() != JsonReport.SchemaVersion)
        {
            throw new InvalidDataException($"Scan report schema \"{schema.GetString()}\" is not supported: only schema \"{JsonReport.SchemaVersion}\" is (scan again with this version).");
        }

        foreach (string field in (ReadOnlySpan<string>)["documents", "relations", "stories", "passage_clusters", "furniture", "stats"])
        {
            if (!root.TryGetProperty(field, out _))
            {
                throw new InvalidDataException($"Not a complete scan report: the field \"{field}\" is missing.");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        void Add(JsonElement element, string name)
        {
            if (element.TryGetProperty(name, out var id) && id.GetString() is { } value && seen.Add(value))
            {
                ids.Add(value);
            }
        }

        foreach (var r in root.GetProperty("relations").EnumerateArray())
        {
            Add(r, "a");
            Add(r, "b");
        }

        foreach (var s in root.GetProperty("stories").EnumerateArray())
        {
            foreach (var m in s.GetProperty("members").EnumerateArray())
            {
                Add(m, "id");
            }
        }

        foreach (var c in root.GetProperty("passage_clusters").EnumerateArray())
        {
            foreach (var m in c.GetProperty("members").EnumerateArray())
            {
                Add(m, "id");
            }
        }

        return ids;
    }

    /// <summary>
    /// The texts as one script element each (<c>text-N</c>, a JSON string) and an index from id to N: the page parses
    /// only the texts a view shows, not the whole corpus.
    /// </summary>
    private static void WriteTexts(Stream output, List<string> ids, Func<string, string?> textOf)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var relaxed = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var index = new List<string>(ids.Count);
        foreach (string id in ids)
        {
            if (textOf(id) is not { } text)
            {
                continue;
            }

            WriteUtf8(output, $"<script type=\"application/json\" id=\"text-{index.Count.ToString(CultureInfo.InvariantCulture)}\">");
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, relaxed))
            {
                json.WriteStringValue(text);
            }

            WriteEscaped(output, buffer.WrittenSpan);
            WriteUtf8(output, "</script>\n");
            index.Add(id);
        }

        WriteUtf8(output, "<script type=\"application/json\" id=\"text-index\">");
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, relaxed))
        {
            json.WriteStartObject();
            for (int i = 0; i < index.Count; i++)
            {
                json.WriteNumber(index[i], i);
            }

            json.WriteEndObject();
        }

        WriteEscaped(output, buffer.WrittenSpan);
        WriteUtf8(output, "</script>");
    }

    /// <summary>
    /// Copies JSON into a script element with <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as <c>\u003c</c> … : outside
    /// strings JSON has none of them, so the JSON means the same and no <c>&lt;/script&gt;</c> can end the element.
    /// </summary>
    internal static void WriteEscaped(Stream output, ReadOnlySpan<byte> json)
    {
        while (!json.IsEmpty)
        {
            int at = json.IndexOfAny((byte)'<', (byte)'>', (byte)'&');
            if (at < 0)
            {
                output.Write(json);
                return;
            }

            output.Write(json[..at]);
            output.Write(json[at] switch
            {
                (byte)'<' => "\\u003c"u8,
                (byte)'>' => "\\u003e"u8,
                _ => "\\u0026"u8,
            });
            json = json[(at + 1)..];
        }
    }

    private static void WriteUtf8(Stream output, ReadOnlySpan<char> text)
    {
        byte[] bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            int count = Encoding.UTF8.GetBytes(text, bytes);
            output.Write(bytes, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static readonly Lazy<string> CachedTemplate = new(ReadTemplate);

    private static string Template() => CachedTemplate.Value;

    private static string ReadTemplate()
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(TemplateName)
            ?? throw new InvalidOperationException($"The report template {TemplateName} is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
