using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NearDup.Evaluation.Synth;

/// <summary>The files every generated corpus writes: <c>corpus.jsonl</c> and <c>truth.tsv</c>, one format for all.</summary>
internal static class CorpusFiles
{
    public const string CorpusName = "corpus.jsonl";

    public const string TruthName = "truth.tsv";

    /// <summary>Writes <paramref name="documents"/> as JSON Lines, one <c>{"id":...,"text":...}</c> per line.</summary>
    public static async Task WriteJsonLinesAsync(IEnumerable<Document> documents, Stream stream, CancellationToken cancellationToken)
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        await using var json = new Utf8JsonWriter(buffer, options);
        foreach (var document in documents)
        {
            // One writer per line: Reset lets it start a new top-level value without a separating comma.
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("id"u8, document.Id);
            json.WriteString("text"u8, document.Text);
            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= 1 << 20)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="documents"/> to <c>corpus.jsonl</c> in <paramref name="outDir"/>, creating the folder; returns the path.</summary>
    public static async Task<string> WriteJsonLinesAsync(IEnumerable<Document> documents, string outDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outDir);
        string path = Path.Combine(outDir, CorpusName);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        await WriteJsonLinesAsync(documents, stream, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Writes the truth as TSV with a header: <c>a</c>, <c>b</c>, <c>kind</c>.</summary>
    public static async Task WriteTruthAsync(IEnumerable<TruthPair> truth, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteAsync("a\tb\tkind\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var pair in truth)
        {
            await writer.WriteAsync((pair.ToString() + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the truth to <paramref name="path"/> (UTF-8, no byte-order mark).</summary>
    public static async Task WriteTruthAsync(IEnumerable<TruthPair> truth, string path, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        await WriteTruthAsync(truth, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Truth pairs counted by kind.</summary>
    public static Dictionary<SynthKind, int> CountByKind(IEnumerable<TruthPair> truth)
    {
        var byKind = new Dictionary<SynthKind, int>();
        foreach (var pair in truth)
        {
            byKind[pair.Kind] = byKind.GetValueOrDefault(pair.Kind) + 1;
        }

        return byKind;
    }
}
