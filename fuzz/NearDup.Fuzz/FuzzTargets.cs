using NearDup.Extract;
using NearDup.Read;

namespace NearDup.Fuzz;

/// <summary>
/// The fuzz targets: bytes in, through the same public entry points the readers use, and the contract checked.
/// A broken contract throws <see cref="ContractException"/>, which AFL sees as a crash like any escaped exception.
/// </summary>
/// <remarks>
/// Contract: no exception escapes (bad input is an <see cref="InputProblem"/> or a
/// <see cref="ExtractionStatus.NoArticle"/> with a reason); every problem names the input and where in it (WARC and HTML: the byte offset; JSON Lines and CSV:
/// the line, or the byte offset for a whole-file problem);
/// every document has an id and text. Hangs and memory are bounded by afl-fuzz's <c>-t</c> and the GC heap limit
/// that <c>fuzz/run.sh</c> sets. The regression tests replay the kept inputs through <see cref="Run"/>.
/// </remarks>
public static class FuzzTargets
{
    /// <summary>The target names <see cref="Run"/> takes.</summary>
    public static IReadOnlyList<string> Names { get; } = ["html", "warc", "jsonl", "csv"];

    /// <summary>Small documents, so that memory stays proportional to the input (a gzip bomb is refused early).</summary>
    /// <remarks>Made per run, not in a static field: instrumented code must not run before SharpFuzz maps AFL's shared memory.</remarks>
    private static ReaderOptions Options => new() { MaxDocumentBytes = 4 * 1024 * 1024, HtmlField = "html" };

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; throws when the contract is broken.</summary>
    public static void Run(string target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (target)
        {
            case "html":
                Html(input);
                break;
            case "warc":
                Read(input, "fuzz.warc", (stream, sink) => new WarcReader(stream, "fuzz.warc", Options, sink), Where.Offset);
                break;
            case "jsonl":
                Read(input, "fuzz.jsonl", (stream, sink) => new JsonLinesReader(stream, "fuzz.jsonl", Options, sink), Where.LineOrOffset);
                break;
            case "csv":
                Read(input, "fuzz.csv", (stream, sink) => new CsvReader(stream, "fuzz.csv", ',', Options, sink), Where.LineOrOffset);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "unknown fuzz target; one of: " + string.Join(", ", Names));
        }
    }

    /// <summary>The extractor with charset detection, as a folder or WARC page reaches it.</summary>
    private static void Html(byte[] input)
    {
        ExtractedArticle article = HtmlExtractor.Extract(input);
        if (article.Status == ExtractionStatus.NoArticle)
        {
            Check(article.Text.Length == 0 && !string.IsNullOrWhiteSpace(article.Reason), "NoArticle has no text and a reason");
        }
        else
        {
            Check(!string.IsNullOrWhiteSpace(article.Text), article.Status + " has text");
        }

        // The readers' path: decoded once, extracted, made a document or reported.
        var problems = new InputProblems();
        Document? document = HtmlDocuments.ToDocument(input, "fuzz", "fuzz.html", problems, offset: 0);
        Check(document is not null || problems.Count > 0, "a page without a document reports why");
        CheckProblems(problems, "fuzz.html", Where.Offset);
        if (document is not null)
        {
            CheckDocument(document);
        }
    }

    /// <summary>A reader over the input, gunzipped (or un-zstd-ed) first when it starts with that format's magic.</summary>
    private static void Read(byte[] input, string origin, Func<Stream, IInputProblemSink, IDocumentReader> open, Where where)
    {
        var problems = new InputProblems();
        using var bytes = new MemoryStream(input, writable: false);
        Compression compression = input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ? Compression.Gzip
            : input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]) ? Compression.Zstd
            : Compression.None;
        using Stream stream = InputStreams.Decompress(bytes, compression, leaveOpen: true);
        IDocumentReader reader = open(stream, problems);
        IAsyncEnumerator<Document> documents = reader.ReadAsync().GetAsyncEnumerator();
        try
        {
            while (documents.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                CheckDocument(documents.Current);
            }
        }
        finally
        {
            documents.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        CheckProblems(problems, origin, where);
    }

    private static void CheckDocument(Document document) =>
        Check(!string.IsNullOrEmpty(document.Id) && !string.IsNullOrWhiteSpace(document.Text), "a document has an id and text");

    private static void CheckProblems(InputProblems problems, string origin, Where where)
    {
        foreach (InputProblem problem in problems.Items)
        {
            Check(problem.Origin == origin && !string.IsNullOrWhiteSpace(problem.Message), "a problem names the input and why: " + problem);
            Check(problem.ByteOffset is null or >= 0 && problem.Line is null or >= 1, "a problem's place is in the input: " + problem);
            Check(where == Where.Offset ? problem.ByteOffset is not null : problem.ByteOffset is not null || problem.Line is not null,
                $"a problem names its {(where == Where.Offset ? "byte offset" : "line or byte offset")}: {problem}");
        }
    }

    /// <summary>Where a format's problems must say they are: records by byte offset, line formats by line (or offset).</summary>
    private enum Where
    {
        Offset,
        LineOrOffset,
    }

    private static void Check(bool condition, string contract)
    {
        if (!condition)
        {
            throw new ContractException(contract);
        }
    }
}
