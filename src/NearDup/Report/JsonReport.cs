using System.Text.Encodings.Web;
using System.Text.Json;
using NearDup.Align;
using NearDup.Group;
using NearDup.Passages;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Report;

/// <summary>
/// Writes a <see cref="ScanResult"/> as one JSON object (schema: docs/OUTPUT.md). Field names are stable; offsets
/// are UTF-16 <c>[start, end)</c> indexes into each document's original text.
/// </summary>
internal static class JsonReport
{
    public const string SchemaVersion = "2";

    // Pending output written to the stream past this: the writer otherwise holds the whole report (tens of MB on a
    // large scan, grown by doubling on the large-object heap) until its last flush.
    private const int MaxPendingBytes = 1 << 16;

    public static void Write(ScanResult result, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new();
        var writerOptions = new JsonWriterOptions
        {
            Indented = options.Indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var json = new Utf8JsonWriter(output, writerOptions);
        var elements = new JsonArrayWriter(writerOptions);
        json.WriteStartObject();
        json.WriteString("schema", SchemaVersion);
        json.WriteString("relations_mode", result.RelationsMode == RelationsMode.All ? "all" : "tree"); // not Stats: they wait for furniture

        json.WriteStartArray("documents");
        elements.WriteElements(json, output, result.Documents.Count, static () => 0, (w, i, _) => WriteDocument(w, result.Documents[i]));
        json.WriteEndArray();

        json.WriteStartArray("relations");
        elements.WriteElements(json, output, result.Relations.Count, static () => new TextCache(),
            (w, i, cache) => WriteRelation(w, result, result.Relations[i], options, cache));
        json.WriteEndArray();

        json.WriteStartArray("stories");
        elements.WriteElements(json, output, result.Stories.Count, static () => 0, (w, i, _) => WriteStory(w, result, result.Stories[i]));
        json.WriteEndArray();

        json.WriteStartArray("passage_clusters");
        elements.WriteElements(json, output, result.PassageClusters.Count, static () => 0,
            (w, i, _) => WritePassageCluster(w, result, result.PassageClusters[i], options));
        json.WriteEndArray();

        json.WriteStartArray("furniture");
        elements.WriteElements(json, output, result.Furniture.Count, static () => 0, (w, i, _) => WriteFurniture(w, result, result.Furniture[i]));
        json.WriteEndArray();

        json.WriteStartArray("problems");
        foreach (var p in result.Problems)
        {
            json.WriteStartObject();
            json.WriteString("origin", p.Origin);
            if (p.Line is { } line)
            {
                json.WriteNumber("line", line);
            }

            if (p.ByteOffset is { } offset)
            {
                json.WriteNumber("byte_offset", offset);
            }

            json.WriteString("message", p.Message);
            json.WriteString("severity", p.Severity == Read.InputProblemSeverity.Note ? "note" : "skipped");
            json.WriteEndObject();
            Drain(json);
        }

        json.WriteEndArray();
        WriteStats(json, result.Stats);
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteDocument(Utf8JsonWriter json, DocumentInfo d)
    {
        json.WriteStartObject();
        json.WriteString("id", d.Id);
        json.WriteNumber("ordinal", d.Ordinal);
        WriteOptional(json, "origin", d.Origin);
        WriteOptional(json, "url", d.Url);
        WriteOptional(json, "source", d.Source);
        if (d.Published is { } published)
        {
            json.WriteString("published", published);
        }

        json.WriteNumber("characters", d.Characters);
        json.WriteNumber("tokens", d.Tokens);
        json.WriteString("content_hash", d.ContentHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("language", d.Language);
        if (d.Notes.Count > 0)
        {
            json.WriteStartArray("notes");
            foreach (string note in d.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    // The text of the last relation's first document: relations come grouped by it, and reading a text back costs.
    // A block's two texts in buffers it reuses (a relation's passages are written from them): the side A of
    // consecutive relations is often the same document, read once.
    private sealed class TextCache
    {
        private char[] textA = [];
        private char[] textB = [];
        private int documentA = -1;
        private int lengthA;

        public ReadOnlySpan<char> A(ScanResult result, int document)
        {
            if (document != documentA)
            {
                lengthA = result.ReadText(document, ref textA).Length;
                documentA = document;
            }

            return textA.AsSpan(0, lengthA);
        }

        public ReadOnlySpan<char> B(ScanResult result, int document) => result.ReadText(document, ref textB);
    }

    private static void WriteRelation(Utf8JsonWriter json, ScanResult result, Relation r, ReportOptions options, TextCache cache)
    {
        var a = result.Documents[r.A];
        var b = result.Documents[r.B];
        json.WriteStartObject();
        json.WriteString("a", a.Id);
        json.WriteString("b", b.Id);
        json.WriteString("kind", WireNames.Of(r.Kind));
        json.WriteString("direction", WireNames.Of(r.Direction));
        json.WriteNumber("coverage_a", Math.Round(r.CoverageA, 4));
        json.WriteNumber("coverage_b", Math.Round(r.CoverageB, 4));
        json.WriteNumber("confidence", Math.Round(r.Confidence, 4));
        json.WriteString("reason", r.Reason);
        json.WriteStartArray("passages");
        if (options.Passages)
        {
            bool withText = options.PassageText && r.Alignment.Passages.Count > 0;
            var textA = withText ? cache.A(result, r.A) : default;
            var textB = withText ? cache.B(result, r.B) : default;
            foreach (var p in r.Alignment.Passages)
            {
                WritePassage(json, p, withText, textA, textB, options.MaxPassageChars);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStory(Utf8JsonWriter json, ScanResult result, Story s)
    {
        json.WriteStartObject();
        json.WriteNumber("id", s.Id);
        json.WriteString("canonical", result.Documents[s.Canonical].Id);
        json.WriteStartArray("members");
        foreach (var link in StoryLink.Of(s))
        {
            json.WriteStartObject();
            json.WriteString("id", result.Documents[link.Document].Id);
            json.WriteString("relation", link.Document == s.Canonical ? "canonical" : WireNames.Of(link.Kind));
            if (link.To >= 0)
            {
                json.WriteString("to", result.Documents[link.To].Id);
                json.WriteString("direction", WireNames.Of(link.Direction));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePassageCluster(Utf8JsonWriter json, ScanResult result, PassageCluster c, ReportOptions options)
    {
        json.WriteStartObject();
        json.WriteNumber("id", c.Id);
        json.WriteNumber("fingerprints", c.Fingerprints);
        if (options.PassageText)
        {
            var first = c.Members[0];
            WriteClipped(json, "text", first.Span.Slice(result.Text(first.Document)), options.MaxPassageChars);
        }

        json.WriteStartArray("members");
        foreach (var m in c.Members)
        {
            json.WriteStartObject();
            json.WriteString("id", result.Documents[m.Document].Id);
            json.WriteNumber("start", m.Span.Start);
            json.WriteNumber("end", m.Span.End);
            json.WriteNumber("first_token", m.FirstToken);
            json.WriteNumber("end_token", m.EndToken);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFurniture(Utf8JsonWriter json, ScanResult result, Furniture f)
    {
        json.WriteStartObject();
        json.WriteString("id", result.Documents[f.Document].Id);
        json.WriteString("kind", WireNames.Of(f.Kind));
        json.WriteNumber("start", f.Span.Start);
        json.WriteNumber("end", f.Span.End);
        json.WriteString("reason", f.Reason);
        json.WriteNumber("score", Math.Round(f.Score, 4));
        json.WriteEndObject();
    }

    private static void WritePassage(Utf8JsonWriter json, Passage p, bool withText, ReadOnlySpan<char> textA, ReadOnlySpan<char> textB, int maxChars)
    {
        json.WriteStartObject();
        json.WriteString("kind", WireNames.Of(p.Kind));
        WriteSpan(json, "a", p.A);
        WriteSpan(json, "b", p.B);
        json.WriteNumber("tokens_a", p.TokensA);
        json.WriteNumber("tokens_b", p.TokensB);
        json.WriteNumber("matched_tokens", p.MatchedTokens);
        json.WriteNumber("similarity", Math.Round(p.Similarity, 4));
        if (withText)
        {
            WriteClipped(json, "text_a", textA[p.A.Start..p.A.End], maxChars);
            WriteClipped(json, "text_b", textB[p.B.Start..p.B.End], maxChars);
        }

        json.WriteEndObject();
    }

    // The passage's text, its middle cut to " … " past max characters; written from the document's text, not copied
    // into a string of its own first (on a large scan those strings were a good part of all the output allocated).
    private static void WriteClipped(Utf8JsonWriter json, string name, ReadOnlySpan<char> text, int max)
    {
        if (max <= 0 || text.Length <= max)
        {
            json.WriteString(name, text);
            return;
        }

        int half = max / 2;
        const string Cut = " … ";
        int length = 2 * half + Cut.Length;
        if (length > 512)
        {
            json.WriteString(name, string.Concat(text[..half], Cut, text[^half..]));
            return;
        }

        Span<char> clipped = stackalloc char[length];
        text[..half].CopyTo(clipped);
        Cut.CopyTo(clipped[half..]);
        text[^half..].CopyTo(clipped[(half + Cut.Length)..]);
        json.WriteString(name, clipped);
    }

    private static void WriteSpan(Utf8JsonWriter json, string name, TextSpan span)
    {
        json.WriteStartObject(name);
        json.WriteNumber("start", span.Start);
        json.WriteNumber("end", span.End);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStats(Utf8JsonWriter json, ScanStats s)
    {
        json.WriteStartObject("stats");
        json.WriteNumber("documents", s.Documents);
        json.WriteNumber("characters", s.Characters);
        json.WriteNumber("tokens", s.Tokens);
        json.WriteNumber("problems", s.Problems);
        json.WriteNumber("notes", s.Notes);
        json.WriteNumber("candidates", s.Candidates);
        json.WriteNumber("semantic_candidates", s.SemanticCandidates);
        json.WriteNumber("semantic_screened", s.SemanticScreened);
        json.WriteNumber("semantic_verified", s.SemanticVerified);
        json.WriteNumber("semantic_sentences_encoded", s.SemanticSentencesEncoded);
        json.WriteNumber("relations", s.Relations);
        json.WriteNumber("stories", s.Stories);
        json.WriteNumber("passage_clusters", s.PassageClusters);
        json.WriteNumber("alignments", s.Alignments);
        json.WriteStartObject("seconds");
        json.WriteNumber("fingerprint", Math.Round(s.Fingerprint.TotalSeconds, 3));
        json.WriteNumber("candidates", Math.Round(s.FindCandidates.TotalSeconds, 3));
        json.WriteNumber("verify", Math.Round(s.Verify.TotalSeconds, 3));
        json.WriteNumber("semantic", Math.Round(s.Semantic.TotalSeconds, 3));
        json.WriteNumber("semantic_vectors", Math.Round(s.SemanticVectors.TotalSeconds, 3));
        json.WriteNumber("semantic_neighbours", Math.Round(s.SemanticNeighbours.TotalSeconds, 3));
        json.WriteNumber("semantic_screen", Math.Round(s.SemanticScreen.TotalSeconds, 3));
        json.WriteNumber("semantic_verification", Math.Round(s.SemanticVerification.TotalSeconds, 3));
        json.WriteNumber("group", Math.Round(s.Group.TotalSeconds, 3));
        json.WriteNumber("furniture", Math.Round(s.Furniture.TotalSeconds, 3));
        json.WriteNumber("passages", Math.Round(s.Passages.TotalSeconds, 3));
        json.WriteNumber("total", Math.Round(s.Total.TotalSeconds, 3));
        json.WriteEndObject();
        json.WriteNumber("peak_working_set_bytes", s.PeakWorkingSet);
        json.WriteEndObject();
    }


    internal static void Drain(Utf8JsonWriter json)
    {
        if (json.BytesPending > MaxPendingBytes)
        {
            json.Flush();
        }
    }
}
