using System.IO.Compression;
using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class CompressedInputTest
{
    private const string JsonLines = "{\"id\":\"a\",\"text\":\"First story.\"}\n{\"id\":\"b\",\"text\":\"Second story.\"}\n";

    [Theory]
    [InlineData("docs.jsonl.gz")]
    [InlineData("docs.jsonl.zst")]
    public async Task Open_CompressedJsonLines_ReadsTheInnerFormat(string name)
    {
        using var temp = new TempFolder();
        string path = temp.Write(name, Compress(name, Encoding.UTF8.GetBytes(JsonLines)));
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, problems: problems).ReadAllAsync();

        Assert.Empty(problems.Items);
        Assert.Equal(["a", "b"], documents.Select(d => d.Id));
        Assert.Equal(path + ":2", documents[1].Origin);
    }

    [Theory]
    [InlineData("news.csv.zst")]
    [InlineData("news.tsv.gz")]
    public async Task Open_CompressedTable_ReadsTheInnerFormat(string name)
    {
        char separator = name.Contains(".tsv", StringComparison.Ordinal) ? '\t' : ',';
        using var temp = new TempFolder();
        string path = temp.Write(name, Compress(name, Encoding.UTF8.GetBytes($"id{separator}text\n1{separator}Story one.\n")));

        var documents = await DocumentReaders.Open(path).ReadAllAsync();

        Assert.Equal("Story one.", Assert.Single(documents).Text);
    }

    [Theory]
    [InlineData("story.txt.gz", "story")]
    [InlineData("page.html.zst", "page")]
    public async Task Open_CompressedSingleDocument_KeepsTheInnerName(string name, string id)
    {
        using var temp = new TempFolder();
        string content = name.Contains(".html", StringComparison.Ordinal) ? WarcFiles.Page("Bridge plan approved", "the bridge") : "Bridge plan approved.";
        string path = temp.Write(name, Compress(name, Encoding.UTF8.GetBytes(content)));

        var document = Assert.Single(await DocumentReaders.Open(path).ReadAllAsync());

        Assert.Equal(id, document.Id);
        Assert.StartsWith("Bridge plan approved", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WarcZst_ReadsRecords()
    {
        using var temp = new TempFolder();
        byte[] warc = WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge"));
        string path = temp.Write("crawl.warc.zst", Compress(".zst", warc));

        Assert.Single(await DocumentReaders.Open(path).ReadAllAsync());
    }

    [Fact]
    public async Task Open_CorruptZst_IsAProblemNotAnException()
    {
        using var temp = new TempFolder();
        byte[] good = Compress(".zst", Encoding.UTF8.GetBytes(JsonLines));
        byte[] corrupt = (byte[])good.Clone();
        for (int i = 8; i < corrupt.Length; i++)
        {
            corrupt[i] ^= 0x5A;
        }

        string path = temp.Write("bad.jsonl.zst", corrupt);
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(path, problem.Origin);
        Assert.Contains("zstd", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_NotGzipAtAll_IsAProblemNotAnException()
    {
        using var temp = new TempFolder();
        string path = temp.Write("fake.txt.gz", "this is not gzip");
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Contains("gzip", Assert.Single(problems.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromStream_GzippedWarc_IsSniffed()
    {
        byte[] warc = WarcFiles.Gzip(WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")));
        using var stream = new MemoryStream(warc);

        var documents = await DocumentReaders.FromStream(stream, "stdin", "-").ReadAllAsync();

        Assert.Equal(["https://example.com/a"], documents.Select(d => d.Id));
    }

    [Fact]
    public async Task FromStream_ZstdJsonLines_IsSniffed()
    {
        using var stream = new MemoryStream(Compress(".zst", Encoding.UTF8.GetBytes(JsonLines)));

        var documents = await DocumentReaders.FromStream(stream, "stdin", "-").ReadAllAsync();

        Assert.Equal(["a", "b"], documents.Select(d => d.Id));
    }

    private static byte[] Compress(string name, byte[] data)
    {
        if (name.EndsWith(".zst", StringComparison.Ordinal))
        {
            using var compressor = new ZstdSharp.Compressor(3);
            return compressor.Wrap(data).ToArray();
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
