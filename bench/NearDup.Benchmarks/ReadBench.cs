using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NearDup.Evaluation.Synth;
using NearDup.Read;

namespace NearDup.Benchmarks;

/// <summary>
/// Reading throughput end to end through <see cref="DocumentReaders.Open"/>, as a scan reads: a .warc.gz and a
/// .warc of real news pages (../shared/eval/article-extraction, repeated; gunzip, WARC and HTTP parsing, HTML
/// extraction), the .warc.gz with its records typed text/plain (gunzip and parsing only: the records are skipped),
/// JSON Lines and CSV of <c>neardup synth</c> articles, and CSV of the same pages in an html column (extracted on
/// <see cref="ReaderOptions.Parallelism"/> threads, as WARC pages are). MB/s is over the uncompressed input (the <c>Size</c>
/// parameter, in bytes); <c>Threads</c> is <see cref="ReaderOptions.Parallelism"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class ReadBench
{
    private string folder = "";
    private string warcGz = "";
    private string warc = "";
    private string warcGzSkipped = "";
    private string jsonLines = "";
    private string csv = "";
    private string csvHtml = "";
    private ReaderOptions options = ReaderOptions.Default;
    private ReaderOptions htmlOptions = ReaderOptions.Default;

    /// <summary>Uncompressed input size in bytes (WARC records, JSON Lines or CSV).</summary>
    [Params(8_000_000)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "neardup-readbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        warcGz = Path.Combine(folder, "pages.warc.gz");
        warc = Path.Combine(folder, "pages.warc");
        warcGzSkipped = Path.Combine(folder, "plain.warc.gz");
        jsonLines = Path.Combine(folder, "articles.jsonl");
        csv = Path.Combine(folder, "articles.csv");
        csvHtml = Path.Combine(folder, "pages.csv");
        var pages = Pages();
        WriteWarc(warcGz, pages, "text/html", gzip: true);
        WriteWarc(warc, pages, "text/html", gzip: false);
        WriteWarc(warcGzSkipped, pages, "text/plain", gzip: true);
        WriteJsonLines(jsonLines);
        WriteCsv(csv);
        WriteCsvHtml(csvHtml, pages);
        options = new ReaderOptions { Parallelism = Threads };
        htmlOptions = options with { HtmlField = "html" };
        Console.WriteLine($"// ReadBench inputs: {pages.Count} distinct pages; {Describe(warcGz)}, {Describe(jsonLines)}, {Describe(csv)}, {Describe(csvHtml)}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark]
    public Task<int> WarcGz() => CountAsync(warcGz);

    [Benchmark]
    public Task<int> Warc() => CountAsync(warc);

    [Benchmark]
    public Task<int> WarcGzParseOnly() => CountAsync(warcGzSkipped);

    [Benchmark]
    public Task<int> JsonLines() => CountAsync(jsonLines);

    [Benchmark]
    public Task<int> Csv() => CountAsync(csv);

    [Benchmark]
    public Task<int> CsvHtml() => CountAsync(csvHtml, htmlOptions);

    private async Task<int> CountAsync(string path, ReaderOptions? with = null)
    {
        int count = 0;
        await foreach (var document in DocumentReaders.Open(path, with ?? options).ReadAsync())
        {
            count += document.Text.Length > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>The article-extraction evaluation pages (real news sites), else generated pages.</summary>
    private static List<byte[]> Pages()
    {
        string html = Path.Combine(SemanticBenchData.SharedDirectory(Path.Combine("eval", "article-extraction")), "html");
        var pages = new List<byte[]>();
        if (Directory.Exists(html))
        {
            foreach (string file in Directory.GetFiles(html, "*.html.gz").Order(StringComparer.Ordinal))
            {
                using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                using var page = new MemoryStream();
                gzip.CopyTo(page);
                pages.Add(page.ToArray());
            }
        }

        if (pages.Count == 0)
        {
            Console.WriteLine($"// ReadBench: {html} not found; generated pages instead");
            for (int i = 0; i < 100; i++)
            {
                pages.Add(Encoding.UTF8.GetBytes(GeneratedPage(i, BenchText.Generate(3_000, i))));
            }
        }

        return pages;
    }

    private static string GeneratedPage(int i, string text)
    {
        var html = new StringBuilder(text.Length + 2048);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story ").Append(i)
            .Append(" | Example News</title><link rel=\"canonical\" href=\"https://www.example.com/story/").Append(i).Append("\"></head><body>")
            .Append("<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/business\">Business</a></li></ul></nav></header>")
            .Append("<main><article><h1>Story ").Append(i).Append("</h1><p class=\"byline\">By A. Reporter</p>");
        foreach (string paragraph in text.Split("\n\n"))
        {
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        html.Append("</article><aside><h2>Related</h2><ul><li><a href=\"/a\">Other story</a></li><li><a href=\"/b\">Another story</a></li></ul></aside></main>")
            .Append("<footer><p>Copyright Example News. All rights reserved.</p></footer><script>var x = 1;</script></body></html>");
        return html.ToString();
    }

    // One gzip member per record, as crawlers write them; the pages are taken in turn until Size bytes are written.
    private void WriteWarc(string path, List<byte[]> pages, string contentType, bool gzip)
    {
        using var file = File.Create(path);
        long written = 0;
        for (int i = 0; written < Size; i++)
        {
            byte[] body = pages[i % pages.Count];
            byte[] http = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
            string header = "WARC/1.0\r\nWARC-Type: response\r\n"
                + $"WARC-Target-URI: https://www.example.com/story/{i}\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n"
                + $"WARC-Record-ID: <urn:uuid:{new Guid(i, 0, 0, new byte[8])}>\r\nContent-Type: application/http; msgtype=response\r\n"
                + $"Content-Length: {http.Length + body.Length}\r\n\r\n";
            byte[] record = [.. Encoding.ASCII.GetBytes(header), .. http, .. body, .. "\r\n\r\n"u8];
            if (gzip)
            {
                using var member = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                member.Write(record);
            }
            else
            {
                file.Write(record);
            }

            written += record.Length;
        }
    }

    /// <summary>Synthetic articles as <c>neardup synth</c> makes them (more than Size bytes of them).</summary>
    private IEnumerable<Document> Articles() => SyntheticCorpus.Generate(new SynthOptions { Count = Size / 500 }).Documents;

    private void WriteJsonLines(string path)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file);
        foreach (var document in Articles())
        {
            json.Reset(file);
            json.WriteStartObject();
            json.WriteString("id", document.Id);
            json.WriteString("url", "https://www.example.com/story/" + document.Id);
            json.WriteString("date", "2024-05-01T12:00:00Z");
            json.WriteString("text", document.Text);
            json.WriteEndObject();
            json.Flush();
            file.WriteByte((byte)'\n');
            if (file.Position >= Size)
            {
                break;
            }
        }
    }

    private void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write("id,url,date,text\n");
        foreach (var document in Articles())
        {
            writer.Write($"{document.Id},https://www.example.com/story/{document.Id},2024-05-01T12:00:00Z,\"{document.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
            writer.Flush();
            if (writer.BaseStream.Position >= Size)
            {
                break;
            }
        }
    }

    // The pages in an html column (no text column), taken in turn until Size bytes are written.
    private void WriteCsvHtml(string path, List<byte[]> pages)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write("id,url,html\n");
        for (int i = 0; writer.BaseStream.Position < Size; i++)
        {
            string page = Encoding.UTF8.GetString(pages[i % pages.Count]);
            writer.Write($"{i},https://www.example.com/story/{i},\"{page.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
            writer.Flush();
        }
    }

    private static string Describe(string path) =>
        $"{Path.GetFileName(path)} {new FileInfo(path).Length / 1e6:F1} MB on disk";
}
