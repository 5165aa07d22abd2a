using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class WarcReaderTest
{
    private static readonly byte[] WarcInfo = WarcFiles.Record("warcinfo", null, "application/warc-fields", "software: test\r\n"u8.ToArray());

    [Fact]
    public async Task Read_WarcGz_GivesHtmlResponsesAsExtractedDocuments()
    {
        using var temp = new TempFolder();
        string path = temp.Write("crawl.warc.gz", WarcFiles.Gzip(
            WarcInfo,
            WarcFiles.Record("request", "https://www.example.com/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\n\r\n"u8.ToArray()),
            WarcFiles.Response("https://www.example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")),
            WarcFiles.Response("https://example.org/logo.png", [0x89, (byte)'P', (byte)'N', (byte)'G'], "image/png"),
            WarcFiles.Response("https://example.org/moved", "<html></html>", status: 301),
            WarcFiles.Record("resource", "https://news.example.net/b", "text/html", Encoding.UTF8.GetBytes(WarcFiles.Page("Library reopens", "the library")))));
        var problems = new InputProblems();
        var reader = new WarcReader(path, problems: problems);

        var documents = await reader.ReadAllAsync();

        Assert.Empty(problems.Items);
        Assert.Equal(["https://www.example.com/a", "https://news.example.net/b"], documents.Select(d => d.Id));
        var first = documents[0];
        Assert.StartsWith("Bridge plan approved\n\nThe council met on Tuesday to discuss the bridge", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", first.Text, StringComparison.Ordinal);
        Assert.Equal("example.com", first.Source);
        Assert.Equal("https://www.example.com/a", first.Url);
        Assert.StartsWith("<!doctype html>", first.Html, StringComparison.Ordinal);
        Assert.StartsWith(path + "@", first.Origin, StringComparison.Ordinal);
        Assert.Equal(6, reader.Records);
        Assert.Equal(4, reader.SkippedRecords);
    }

    [Fact]
    public async Task Read_PlainWarc_GivesTheSameDocuments()
    {
        using var temp = new TempFolder();
        string path = temp.Write("crawl.warc", WarcFiles.Plain(
            WarcInfo, WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge"))));

        var documents = await DocumentReaders.Open(path).ReadAllAsync();

        Assert.Equal(["https://example.com/a"], documents.Select(d => d.Id));
    }

    [Fact]
    public async Task Read_TruncatedWarcGz_KeepsTheRecordsBeforeAndReportsTheOffset()
    {
        using var temp = new TempFolder();
        byte[] whole = WarcFiles.Gzip(
            WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")),
            WarcFiles.Response("https://example.com/b", WarcFiles.Page("Library reopens", "the library")));
        byte[] firstOnly = WarcFiles.Gzip(WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")));
        string path = temp.Write("cut.warc.gz", whole[..(firstOnly.Length + (whole.Length - firstOnly.Length) / 2)]);
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["https://example.com/a"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(path, problem.Origin);
        Assert.NotNull(problem.ByteOffset);
        Assert.True(problem.ByteOffset > 0);
        Assert.Contains("before are kept", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_BogusContentLength_DropsThatRecordAndResumesAtTheNext()
    {
        using var temp = new TempFolder();
        byte[] page = Encoding.UTF8.GetBytes(WarcFiles.Page("Bridge plan approved", "the bridge"));
        byte[] bogus = WarcFiles.Response("https://example.com/bogus", page, contentLength: 100);
        byte[] good = WarcFiles.Response("https://example.com/good", WarcFiles.Page("Library reopens", "the library"));
        string path = temp.Write("bogus.warc", WarcFiles.Plain(bogus, good));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["https://example.com/good"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(0, problem.ByteOffset);
        Assert.Contains("bogus Content-Length", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TooLargeContentLength_RecoversTheRecordsItSwallowed()
    {
        using var temp = new TempFolder();
        byte[] page = Encoding.UTF8.GetBytes(WarcFiles.Page("Bridge plan approved", "the bridge"));
        byte[] second = WarcFiles.Response("https://example.com/second", WarcFiles.Page("Library reopens", "the library"));
        byte[] third = WarcFiles.Response("https://example.com/third", WarcFiles.Page("Park renamed", "the park"));
        byte[] http = WarcFiles.Response("https://example.com/x", page);
        int realBlock = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "u8.Length
            + page.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 4 + page.Length;
        byte[] bogus = WarcFiles.Response("https://example.com/bogus", page, contentLength: realBlock + second.Length + 40);
        string path = temp.Write("swallow.warc.gz", WarcFiles.Gzip(bogus, second, third));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["https://example.com/second", "https://example.com/third"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(0, problem.ByteOffset);
        Assert.Contains("bogus Content-Length", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ContentLengthPastTheEnd_IsReportedAsTruncated()
    {
        using var temp = new TempFolder();
        byte[] good = WarcFiles.Response("https://example.com/good", WarcFiles.Page("Library reopens", "the library"));
        byte[] tooLong = WarcFiles.Response("https://example.com/long", "<html>short</html>"u8.ToArray(), contentLength: 1_000_000);
        string path = temp.Write("long.warc", WarcFiles.Plain(good, tooLong));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["https://example.com/good"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(good.Length, problem.ByteOffset);
        Assert.Contains("Content-Length says 1000000 bytes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_GarbageBetweenRecords_IsReportedOnceAndSkipped()
    {
        using var temp = new TempFolder();
        byte[] good = WarcFiles.Response("https://example.com/good", WarcFiles.Page("Library reopens", "the library"));
        string path = temp.Write("junk.warc", WarcFiles.Plain("junk line\r\nmore junk\r\n"u8.ToArray(), good));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Single(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(0, problem.ByteOffset);
    }

    [Fact]
    public async Task Read_WrongDeclaredCharset_IsOverruledAndReported()
    {
        using var temp = new TempFolder();
        // UTF-8 bytes (é, ü) declared as ISO-8859-1: read as Latin-1 they would be mojibake.
        string html = WarcFiles.Page("Café reopens in Zürich", "the café");
        byte[] record = WarcFiles.Response("https://example.com/cafe", Encoding.UTF8.GetBytes(html), "text/html; charset=iso-8859-1");
        string path = temp.Write("charset.warc.gz", WarcFiles.Gzip(record));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Contains("Café reopens in Zürich", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ã", document.Text, StringComparison.Ordinal);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(0, problem.ByteOffset);
    }

    [Fact]
    public async Task Read_Latin1PageDeclaredInHttp_IsDecoded()
    {
        using var temp = new TempFolder();
        string html = WarcFiles.Page("Café reopens", "the café");
        byte[] record = WarcFiles.Response("https://example.com/cafe", Encoding.Latin1.GetBytes(html), "text/html; charset=ISO-8859-1");
        string path = temp.Write("latin1.warc", record);

        var documents = await new WarcReader(path).ReadAllAsync();

        Assert.Contains("Café reopens", Assert.Single(documents).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ChunkedGzippedResponse_IsDecoded()
    {
        using var temp = new TempFolder();
        byte[] page = Encoding.UTF8.GetBytes(WarcFiles.Page("Bridge plan approved", "the bridge"));
        byte[] gzipped;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(page);
            }

            gzipped = buffer.ToArray();
        }

        int half = gzipped.Length / 2;
        byte[] chunked = [
            .. Encoding.ASCII.GetBytes($"{half:x}\r\n"), .. gzipped[..half], .. "\r\n"u8,
            .. Encoding.ASCII.GetBytes($"{gzipped.Length - half:x}\r\n"), .. gzipped[half..], .. "\r\n0\r\n\r\n"u8];
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"u8.ToArray();
        string path = temp.Write("chunked.warc", WarcFiles.Record("response", "https://example.com/a", "application/http", [.. head, .. chunked]));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Empty(problems.Items);
        Assert.StartsWith("Bridge plan approved", Assert.Single(documents).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PageWithoutArticle_IsReportedWithItsOffset()
    {
        using var temp = new TempFolder();
        byte[] good = WarcFiles.Response("https://example.com/good", WarcFiles.Page("Library reopens", "the library"));
        byte[] empty = WarcFiles.Response("https://example.com/empty", "<html><body><nav><a href='/'>Home</a></nav></body></html>");
        string path = temp.Write("mixed.warc", WarcFiles.Plain(good, empty));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, problems: problems).ReadAllAsync();

        Assert.Single(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(good.Length, problem.ByteOffset);
        Assert.StartsWith("no article text", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_HostileBytes_NeverThrow()
    {
        using var temp = new TempFolder();
        var random = new Random(7);
        byte[] good = WarcFiles.Plain(
            WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")),
            WarcFiles.Response("https://example.com/b", WarcFiles.Page("Library reopens", "the library")));
        for (int i = 0; i < 40; i++)
        {
            byte[] mutated = (byte[])good.Clone();
            for (int j = 0; j < 8; j++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            string path = temp.Write($"m{i}.warc" + (i % 2 == 0 ? ".gz" : ""), i % 2 == 0 ? WarcFiles.Gzip(mutated)[..^random.Next(1, 20)] : mutated);
            var documents = await new WarcReader(path, problems: new InputProblems()).ReadAllAsync();
            Assert.True(documents.Count <= 2);
        }
    }

    [Fact]
    public async Task Read_EmptyRecordIdAndNoUri_IsIdentifiedByItsOffset()
    {
        // "WARC-Record-ID: <>" gave an empty id, which HtmlDocuments refused with an exception (found fuzzing).
        byte[] record = WarcFiles.Record("resource", null, "text/html", Encoding.UTF8.GetBytes(WarcFiles.Page("Bridge plan approved", "the bridge")));
        string text = System.Text.RegularExpressions.Regex.Replace(Encoding.Latin1.GetString(record), "WARC-Record-ID: <[^>]*>", "WARC-Record-ID: <>");
        byte[] bytes = [.. WarcInfo, .. Encoding.Latin1.GetBytes(text)];
        var problems = new InputProblems();

        var documents = await new WarcReader(new MemoryStream(bytes), "mem.warc", problems: problems).ReadAllAsync();

        Assert.Equal("record@" + WarcInfo.Length, Assert.Single(documents).Id);
        Assert.Empty(problems.Items);
    }
}

