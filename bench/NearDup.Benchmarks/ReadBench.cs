using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NearDup.Read;

namespace NearDup.Benchmarks;

/// <summary>
/// Reading throughput: a .warc.gz of news pages (gunzip, WARC and HTTP parsing, HTML extraction), the same file with
/// non-HTML records (gunzip and parsing only: the records are skipped), and JSON Lines of the same articles.
/// MB/s is over the uncompressed input (the <c>Size</c> parameter, in bytes).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class ReadBench
{
    private string folder = "";
    private string warcGz = "";
    private string warcGzSkipped = "";
    private string jsonLines = "";

    /// <summary>Uncompressed input size in bytes (WARC records, or JSON Lines).</summary>
    [Params(8_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "neardup-readbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        warcGz = Path.Combine(folder, "pages.warc.gz");
        warcGzSkipped = Path.Combine(folder, "plain.warc.gz");
        jsonLines = Path.Combine(folder, "articles.jsonl");
        WriteWarc(warcGz, "text/html; charset=utf-8");
        WriteWarc(warcGzSkipped, "text/plain");
        WriteJsonLines(jsonLines);
        Console.WriteLine($"// ReadBench inputs: {Describe(warcGz)}, {Describe(jsonLines)}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark]
    public Task<int> WarcGzExtract() => CountAsync(new WarcReader(warcGz));

    [Benchmark]
    public Task<int> WarcGzParseOnly() => CountAsync(new WarcReader(warcGzSkipped));

    [Benchmark]
    public Task<int> JsonLines() => CountAsync(new JsonLinesReader(jsonLines));

    private static async Task<int> CountAsync(IDocumentReader reader)
    {
        int count = 0;
        await foreach (var document in reader.ReadAsync())
        {
            count += document.Text.Length > 0 ? 1 : 0;
        }

        return count;
    }

    private static string Page(int i, string text)
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

    private void WriteWarc(string path, string contentType)
    {
        using var file = File.Create(path);
        long written = 0;
        for (int i = 0; written < Size; i++)
        {
            byte[] body = Encoding.UTF8.GetBytes(Page(i, BenchText.Generate(3_000, i)));
            byte[] http = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
            string header = "WARC/1.0\r\nWARC-Type: response\r\n"
                + $"WARC-Target-URI: https://www.example.com/story/{i}\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n"
                + $"WARC-Record-ID: <urn:uuid:{new Guid(i, 0, 0, new byte[8])}>\r\nContent-Type: application/http; msgtype=response\r\n"
                + $"Content-Length: {http.Length + body.Length}\r\n\r\n";
            byte[] record = [.. Encoding.ASCII.GetBytes(header), .. http, .. body, .. "\r\n\r\n"u8];
            using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(record);
            }

            written += record.Length;
        }
    }

    private void WriteJsonLines(string path)
    {
        using var file = File.Create(path);
        long written = 0;
        for (int i = 0; written < Size; i++)
        {
            var line = new MemoryStream();
            using (var json = new Utf8JsonWriter(line))
            {
                json.WriteStartObject();
                json.WriteString("id", "story-" + i.ToString(CultureInfo.InvariantCulture));
                json.WriteString("url", "https://www.example.com/story/" + i.ToString(CultureInfo.InvariantCulture));
                json.WriteString("date", "2024-05-01T12:00:00Z");
                json.WriteString("text", BenchText.Generate(3_000, i));
                json.WriteEndObject();
            }

            line.WriteByte((byte)'\n');
            file.Write(line.GetBuffer(), 0, (int)line.Length);
            written += line.Length;
        }
    }

    private static string Describe(string path) =>
        $"{Path.GetFileName(path)} {new FileInfo(path).Length / 1e6:F1} MB on disk";
}
