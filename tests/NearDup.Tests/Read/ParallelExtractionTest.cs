using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

/// <summary>
/// Pages extracted on worker threads (<see cref="ReaderOptions.Parallelism"/>): documents and problems keep input
/// order, failures keep their record's offset, cancellation and early exit end the work.
/// </summary>
public class ParallelExtractionTest
{
    private const string NoArticle = "<!doctype html><html><head><title>Menu</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>";

    private static readonly ReaderOptions Parallel4 = new() { Parallelism = 4 };

    private static readonly ReaderOptions Sequential = new() { Parallelism = 1 };

    /// <summary>Records: pages, every 7th without an article, every 11th an image, garbage before every 13th.</summary>
    private static (byte[] Warc, List<long> PageOffsets) Crawl(int records)
    {
        var bytes = new List<byte>();
        var offsets = new List<long>();
        for (int i = 0; i < records; i++)
        {
            if (i % 13 == 12)
            {
                bytes.AddRange("\r\nnot a record\r\n"u8.ToArray());
            }

            offsets.Add(bytes.Count);
            string uri = $"https://example.com/story/{i}";
            bytes.AddRange(i % 11 == 10 ? WarcFiles.Response(uri, [0x89, (byte)'P', (byte)'N', (byte)'G'], "image/png")
                : i % 7 == 6 ? WarcFiles.Response(uri, NoArticle)
                : WarcFiles.Response(uri, WarcFiles.Page($"Story number {i}", $"topic {i}")));
        }

        return ([.. bytes], offsets);
    }

    [Fact]
    public async Task Read_WarcInParallel_GivesTheSequentialDocumentsAndProblemsInOrder()
    {
        using var temp = new TempFolder();
        var (warc, offsets) = Crawl(120);
        string path = temp.Write("crawl.warc", warc);
        var sequentialProblems = new InputProblems();
        var parallelProblems = new InputProblems();

        var sequential = await new WarcReader(path, Sequential, sequentialProblems).ReadAllAsync();
        var reader = new WarcReader(path, Parallel4, parallelProblems);
        var parallel = await reader.ReadAllAsync();

        Assert.Equal(sequential.Select(d => d.Id), parallel.Select(d => d.Id));
        Assert.Equal(sequential.Select(d => d.Text), parallel.Select(d => d.Text));
        Assert.Equal(sequential.Select(d => d.Origin), parallel.Select(d => d.Origin));
        var expectedIds = Enumerable.Range(0, 120).Where(i => i % 7 != 6 && i % 11 != 10).Select(i => $"https://example.com/story/{i}");
        Assert.Equal(expectedIds, parallel.Select(d => d.Id));
        Assert.Equal(sequentialProblems.Items, parallelProblems.Items);
        Assert.Equal(120, reader.Records);
        Assert.Equal(120 / 11, reader.SkippedRecords);

        // Each page without an article is reported at its record's offset, garbage at its own, in file order.
        var noArticle = parallelProblems.Items.Where(p => p.Message.StartsWith("no article text", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 120).Where(i => i % 7 == 6 && i % 11 != 10).Select(i => (long?)offsets[i]), noArticle.Select(p => p.ByteOffset));
        Assert.All(parallelProblems.Items, p => Assert.Equal(path, p.Origin));
        Assert.Equal(parallelProblems.Items.OrderBy(p => p.ByteOffset).ToList(), parallelProblems.Items);
        Assert.Contains(parallelProblems.Items, p => p.Message.StartsWith("expected a WARC record", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_WarcGzInParallel_TruncatedAtTheEnd_KeepsEveryRecordBeforeAndReportsLast()
    {
        using var temp = new TempFolder();
        var records = Enumerable.Range(0, 30)
            .Select(i => WarcFiles.Response($"https://example.com/{i}", WarcFiles.Page($"Story number {i}", $"topic {i}"))).ToArray();
        byte[] whole = WarcFiles.Gzip(records);
        string path = temp.Write("cut.warc.gz", whole[..(whole.Length - 40)]);
        var problems = new InputProblems();

        var documents = await new WarcReader(path, Parallel4, problems).ReadAllAsync();

        Assert.Equal(Enumerable.Range(0, 29).Select(i => $"https://example.com/{i}"), documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Contains("before are kept", problem.Message, StringComparison.Ordinal);
        Assert.Equal(records[..29].Sum(r => (long)r.Length), problem.ByteOffset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Read_TinyWarcInParallel_Ends(int kind)
    {
        using var temp = new TempFolder();
        byte[] warc = kind switch
        {
            0 => [],
            1 => WarcFiles.Response("https://example.com/a", WarcFiles.Page("Bridge plan approved", "the bridge")),
            _ => WarcFiles.Response("https://example.com/a", NoArticle),
        };
        string path = temp.Write("tiny.warc.gz", WarcFiles.Gzip(warc));
        var problems = new InputProblems();

        var documents = await new WarcReader(path, Parallel4, problems).ReadAllAsync();

        Assert.Equal(kind == 1 ? 1 : 0, documents.Count);
        Assert.Equal(kind == 2 ? 1 : 0, problems.Items.Count(p => p.Message.StartsWith("no article text", StringComparison.Ordinal) && p.ByteOffset == 0));
    }

    [Fact]
    public async Task Read_CancelledMidWarc_ThrowsAndStops()
    {
        using var temp = new TempFolder();
        string path = temp.Write("crawl.warc", Crawl(200).Warc);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var document in new WarcReader(path, Parallel4).ReadAsync(cancel.Token))
            {
                if (++seen == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task Read_LeftEarly_DisposesWithoutDeadlock()
    {
        using var temp = new TempFolder();
        string path = temp.Write("crawl.warc", Crawl(200).Warc);
        var problems = new InputProblems();

        await foreach (var document in new WarcReader(path, Parallel4, problems).ReadAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal("https://example.com/story/0", document.Id);
            break;
        }

        // Nothing runs or reports after the enumeration is disposed.
        long reported = problems.Count;
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(reported, problems.Count);
    }

    [Fact]
    public async Task Read_HtmlFolderInParallel_GivesFilesInOrderWithProblemsAtTheirFiles()
    {
        using var temp = new TempFolder();
        var expected = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            string name = $"p{i:D2}";
            temp.Write(name + ".html", i % 5 == 4 ? NoArticle : WarcFiles.Page($"Story number {i}", $"topic {i}"));
            if (i % 5 != 4)
            {
                expected.Add(name);
            }
        }

        temp.Write("p05b.txt", "");
        var options = Parallel4 with { Extensions = [".html", ".txt"] };
        var problems = new InputProblems();
        var sequentialProblems = new InputProblems();

        var documents = await new FolderReader(temp.Path, options, problems).ReadAllAsync();
        var sequential = await new FolderReader(temp.Path, options with { Parallelism = 1 }, sequentialProblems).ReadAllAsync();

        Assert.Equal(expected, documents.Select(d => d.Id));
        Assert.Equal(sequential.Select(d => d.Text), documents.Select(d => d.Text));
        Assert.Equal(sequentialProblems.Items, problems.Items);
        Assert.Equal(
            [Path.Combine(temp.Path, "p04.html"), Path.Combine(temp.Path, "p05b.txt"),
                .. new[] { 9, 14, 19, 24, 29, 34, 39 }.Select(i => Path.Combine(temp.Path, $"p{i:D2}.html"))],
            problems.Items.Select(p => p.Origin));
    }

    [Fact]
    public async Task Pipeline_WorkThatThrows_IsAProblemAtItsRecordAndTheRestGoesOn()
    {
        var sink = new InputProblems();
        var documents = new List<string>();
        await using (var pipeline = new ExtractionPipeline(3, sink, TestContext.Current.CancellationToken))
        {
            for (int i = 0; i < 20; i++)
            {
                while (pipeline.ShouldTake)
                {
                    documents.Add((await pipeline.TakeAsync())?.Id ?? "-");
                }

                Assert.True(pipeline.Count < 6, "at most 2 × parallelism in flight");
                int n = i;
                pipeline.Add("f.warc", n * 100, problems =>
                {
                    if (n % 4 == 1)
                    {
                        throw new InvalidOperationException("extractor bug");
                    }

                    if (n % 4 == 2)
                    {
                        problems.Report(new InputProblem("f.warc", null, n * 100, "warning " + n));
                    }

                    return new Document("d" + n, "text");
                });
                if (n % 6 == 5)
                {
                    pipeline.Problems.Report(new InputProblem("f.warc", null, n * 100 + 50, "framing after " + n));
                }
            }

            pipeline.Complete();
            while (pipeline.ShouldTake)
            {
                documents.Add((await pipeline.TakeAsync())?.Id ?? "-");
            }

            Assert.Equal(0, pipeline.Count);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 4 == 1 ? "-" : "d" + i), documents);
        var offsets = sink.Items.Select(p => p.ByteOffset!.Value).ToList();
        Assert.Equal(offsets.Order(), offsets);
        var failed = sink.Items.Where(p => p.Message.Contains("extractor bug", StringComparison.Ordinal)).Select(p => p.ByteOffset);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 4 == 1).Select(i => (long?)(i * 100)), failed);
        Assert.Equal(3, sink.Items.Count(p => p.Message.StartsWith("framing after", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pipeline_Sequential_RunsWorkOnTheCallersThread()
    {
        int caller = Environment.CurrentManagedThreadId;
        int worker = -1;
        await using var pipeline = new ExtractionPipeline(1, InputProblems.None, TestContext.Current.CancellationToken);

        pipeline.Add("f", 0, _ =>
        {
            worker = Environment.CurrentManagedThreadId;
            return new Document("a", Encoding.UTF8.GetString("text"u8));
        });

        Assert.Equal(caller, worker);
        Assert.True(pipeline.ShouldTake);
        Assert.Equal("a", (await pipeline.TakeAsync())!.Id);
    }

    /// <summary>Table rows: pages in the html column, every 5th without an article, every 7th with its own text, every 9th bad.</summary>
    private static List<(string Id, string? Text, string? Html)> TableRows(int count)
    {
        var rows = new List<(string, string?, string?)>();
        for (int i = 0; i < count; i++)
        {
            rows.Add(i % 9 == 8 ? ($"r{i}", null, null)
                : i % 7 == 6 ? ($"r{i}", $"Own text of row {i}.", null)
                : i % 5 == 4 ? ($"r{i}", null, NoArticle)
                : ($"r{i}", null, WarcFiles.Page($"Story number {i}", $"topic {i}")));
        }

        return rows;
    }

    private static IEnumerable<string> ExpectedIds(int count) =>
        Enumerable.Range(0, count).Where(i => i % 9 != 8 && (i % 7 == 6 || i % 5 != 4)).Select(i => $"r{i}");

    [Fact]
    public async Task Read_CsvHtmlColumnInParallel_GivesTheSequentialDocumentsAndProblemsInOrder()
    {
        using var temp = new TempFolder();
        var csv = new StringBuilder("id,text,html\n");
        foreach (var (id, text, html) in TableRows(90))
        {
            csv.Append(id).Append(',').Append(text).Append(",\"").Append(html?.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }

        string path = temp.Write("pages.csv", csv.ToString());
        var options = new ReaderOptions { HtmlField = "html" };
        var sequentialProblems = new InputProblems();
        var parallelProblems = new InputProblems();

        var sequential = await new CsvReader(path, options with { Parallelism = 1 }, sequentialProblems).ReadAllAsync();
        var parallel = await new CsvReader(path, options with { Parallelism = 4 }, parallelProblems).ReadAllAsync();

        Assert.Equal(ExpectedIds(90), parallel.Select(d => d.Id));
        Assert.Equal(sequential.Select(d => d.Text), parallel.Select(d => d.Text));
        Assert.Equal(sequential.Select(d => d.Origin), parallel.Select(d => d.Origin));
        Assert.StartsWith("Story number 0", parallel[0].Text, StringComparison.Ordinal);
        Assert.Equal(sequentialProblems.Items, parallelProblems.Items);
        Assert.Equal(10 + 14, parallelProblems.Count); // 10 empty rows; 18 pages without article less 44, 89 (empty) and 34, 69 (text)
        var lines = parallelProblems.Items.Select(p => p.Line!.Value).ToList();
        Assert.Equal(lines.Order(), lines);
    }

    [Fact]
    public async Task Read_ParquetHtmlColumnInParallel_GivesTheSequentialDocumentsAndProblemsInOrder()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "pages.parquet");
        var id = new Parquet.Schema.DataField<string>("id");
        var text = new Parquet.Schema.DataField<string>("text");
        var html = new Parquet.Schema.DataField<string>("html");
        var rows = TableRows(90);
        (Parquet.Schema.DataField, Array)[] Group(int from, int to) =>
        [
            (id, rows[from..to].Select(r => (string?)r.Id).ToArray()),
            (text, rows[from..to].Select(r => r.Text).ToArray()),
            (html, rows[from..to].Select(r => r.Html).ToArray()),
        ];
        await ParquetDocumentReaderTest.WriteAsync(path, new Parquet.Schema.ParquetSchema(id, text, html), Group(0, 50), Group(50, 90));
        var options = new ReaderOptions { HtmlField = "html" };
        var sequentialProblems = new InputProblems();
        var parallelProblems = new InputProblems();

        var sequential = await new ParquetDocumentReader(path, options with { Parallelism = 1 }, sequentialProblems).ReadAllAsync();
        var parallel = await new ParquetDocumentReader(path, options with { Parallelism = 4 }, parallelProblems).ReadAllAsync();

        Assert.Equal(ExpectedIds(90), parallel.Select(d => d.Id));
        Assert.Equal(sequential.Select(d => d.Text), parallel.Select(d => d.Text));
        Assert.Equal(sequentialProblems.Items, parallelProblems.Items);
        Assert.Equal(10 + 14, parallelProblems.Count);
        var lines = parallelProblems.Items.Select(p => p.Line!.Value).ToList();
        Assert.Equal(lines.Order(), lines);
    }
}
