using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class JsonLinesReaderTest
{
    private static (List<Document> Documents, IReadOnlyList<InputProblem> Problems) Read(string jsonl, ReaderOptions? options = null) =>
        Read(Encoding.UTF8.GetBytes(jsonl), options);

    private static (List<Document> Documents, IReadOnlyList<InputProblem> Problems) Read(byte[] bytes, ReaderOptions? options = null)
    {
        var problems = new InputProblems();
        using var stream = new MemoryStream(bytes);
        var documents = new JsonLinesReader(stream, "in.jsonl", options, problems).ReadAllAsync().GetAwaiter().GetResult();
        return (documents, problems.Items);
    }

    [Fact]
    public void Read_GoodLines_GiveDocumentsWithAllFields()
    {
        var (documents, problems) = Read(
            """
            {"id": "a1", "text": "First.", "url": "https://x.test/1", "source": "Wire", "date": "2024-03-01T10:00:00Z", "extra": [1, {"n": 2}]}
            {"id": 42, "text": "Second \u00e9."}
            """);

        Assert.Empty(problems);
        Assert.Equal(2, documents.Count);
        Assert.Equal(new Document("a1", "First.")
        {
            Origin = "in.jsonl:1",
            Url = "https://x.test/1",
            Source = "Wire",
            Published = new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero),
        }, documents[0]);
        Assert.Equal("42", documents[1].Id);
        Assert.Equal("Second é.", documents[1].Text);
        Assert.Equal("in.jsonl:2", documents[1].Origin);
    }

    [Fact]
    public void Read_MalformedLines_AreReportedWithLineNumbersAndGoodLinesStillRead()
    {
        var (documents, problems) = Read(
            "{\"id\":\"a\",\"text\":\"ok one\"}\n" +
            "{\"id\":\"b\",\"text\":\"unterminated}\n" +
            "not json at all\n" +
            "\n" +
            "[1,2]\n" +
            "{\"id\":\"c\",\"text\":\"ok two\"} trailing\n" +
            "{\"id\":\"d\",\"text\":\"ok three\"}\r\n");

        Assert.Equal(["a", "d"], documents.Select(d => d.Id));
        Assert.Equal([2L, 3L, 5L, 6L], problems.Select(p => p.Line!.Value));
        Assert.All(problems, p => Assert.Equal("in.jsonl", p.Origin));
        Assert.StartsWith("not valid JSON", problems[0].Message);
        Assert.StartsWith("not valid JSON", problems[1].Message);
        Assert.Equal("not a JSON object (found an array)", problems[2].Message);
        Assert.StartsWith("not valid JSON", problems[3].Message);
    }

    [Fact]
    public void Read_MissingFields_TextIsAProblemAndIdFallsBackToLineNumber()
    {
        var (documents, problems) = Read(
            "{\"id\":\"a\",\"body\":\"no text here\"}\n" +
            "{\"text\":\"no id here\"}\n" +
            "{\"id\":\"c\",\"text\":17}\n" +
            "{\"id\":\"d\",\"text\":\"  \"}\n");

        var document = Assert.Single(documents);
        Assert.Equal("2", document.Id);
        Assert.Equal(
            ["missing text field 'text'", "text field 'text' is a number, expected a string", "text field 'text' is empty"],
            problems.Select(p => p.Message));
        Assert.Equal([1L, 3L, 4L], problems.Select(p => p.Line!.Value));
    }

    [Fact]
    public void Read_CustomFieldNames_AreUsed()
    {
        var options = new ReaderOptions { IdField = "doc_id", TextField = "content", SourceField = "site", DateField = "ts" };

        var (documents, problems) = Read("{\"doc_id\":\"x\",\"content\":\"Body.\",\"site\":\"Daily\",\"ts\":1700000000,\"text\":\"ignored\"}\n", options);

        Assert.Empty(problems);
        var document = Assert.Single(documents);
        Assert.Equal(("x", "Body.", "Daily"), (document.Id, document.Text, document.Source));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), document.Published);
    }

    [Fact]
    public void Read_BadDate_KeepsTheDocumentAndReports()
    {
        var (documents, problems) = Read("{\"id\":\"x\",\"text\":\"Body.\",\"date\":\"yesterday-ish\"}\n");

        Assert.Null(Assert.Single(documents).Published);
        Assert.Contains("is not a date", Assert.Single(problems).Message);
    }

    [Fact]
    public void Read_InvalidUtf8InALine_IsReportedWithOffsetAndNextLineRead()
    {
        byte[] bytes = [.. "{\"id\":\"a\",\"text\":\"ok\"}\n"u8, .. "{\"id\":\"b\",\"text\":\"x"u8, 0xFF, .. "\"}\n"u8, .. "{\"id\":\"c\",\"text\":\"ok\"}"u8];

        var (documents, problems) = Read(bytes);

        Assert.Equal(["a", "c"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
        Assert.Equal("invalid UTF-8 at byte 19 of the line", problem.Message);
        Assert.Equal(23 + 19, problem.ByteOffset);
    }

    [Fact]
    public void Read_VeryLongLine_IsRead()
    {
        string text = string.Concat(Enumerable.Repeat("word ", 600_000)); // 3 MB, many buffer refills
        var (documents, problems) = Read("{\"id\":\"short\",\"text\":\"a\"}\n{\"id\":\"long\",\"text\":\"" + text + "\"}\n{\"id\":\"after\",\"text\":\"b\"}");

        Assert.Empty(problems);
        Assert.Equal(["short", "long", "after"], documents.Select(d => d.Id));
        Assert.Equal(text, documents[1].Text);
    }

    [Fact]
    public void Read_LineAboveMaxDocumentBytes_IsRefusedAndTheNextLineRead()
    {
        string text = new('x', 500_000);
        var (documents, problems) = Read(
            "{\"id\":\"long\",\"text\":\"" + text + "\"}\n{\"id\":\"after\",\"text\":\"b\"}\n", new ReaderOptions { MaxDocumentBytes = 100_000 });

        Assert.Equal(["after"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.StartsWith("line too large: 0.5 MB", problem.Message);
    }

    [Fact]
    public void Read_ManyLinesAcrossBufferRefills_KeepsLineNumbers()
    {
        var builder = new StringBuilder();
        for (int i = 1; i <= 20_000; i++)
        {
            builder.Append("{\"text\":\"document number ").Append(i).Append("\"}\n");
        }

        var (documents, problems) = Read(builder.ToString());

        Assert.Empty(problems);
        Assert.Equal(20_000, documents.Count);
        Assert.Equal("12345", documents[12_344].Id);
        Assert.Equal("document number 12345", documents[12_344].Text);
    }

    [Fact]
    public void Read_EmptyFile_IsAProblem()
    {
        var (documents, problems) = Read("");

        Assert.Empty(documents);
        Assert.Equal("empty file", Assert.Single(problems).Message);
    }

    [Fact]
    public async Task Read_MissingFile_IsAProblem()
    {
        var problems = new InputProblems();

        var documents = await new JsonLinesReader("/nonexistent/x.jsonl", problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.StartsWith("cannot read file: not found", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task Read_FileWithBom_ReadsFirstLine()
    {
        using var temp = new TempFolder();
        string path = temp.Write("c.jsonl", [0xEF, 0xBB, 0xBF, .. "{\"id\":\"a\",\"text\":\"t\"}\n"u8]);

        var documents = await new JsonLinesReader(path).ReadAllAsync();

        Assert.Equal("a", Assert.Single(documents).Id);
        Assert.Equal(path + ":1", documents[0].Origin);
    }

    [Fact]
    public async Task Read_AnErrorAfterTheText_KeepsItsOffsetInTheLine()
    {
        string line = "{\"id\":\"b\",\"text\":\"abc\\n\" x}";
        var problems = new InputProblems();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"ok\"}\n" + line + "\n"));
        var documents = await new JsonLinesReader(stream, "in.jsonl", null, problems).ReadAllAsync();

        Assert.Single(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal("not valid JSON: 'x' is invalid after a value. Expected either ',', '}', or ']'.", problem.Message);
        Assert.Equal(23 + line.LastIndexOf('x'), problem.ByteOffset); // as the JSON reader reports it over the whole line
    }

    [Fact]
    public async Task Read_AnUnpairedSurrogateEscape_IsReportedAndTheNextLineRead()
    {
        var problems = new InputProblems();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"\\ud83d lone\\n\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n"));
        var documents = await new JsonLinesReader(stream, "in.jsonl", null, problems).ReadAllAsync();

        Assert.Equal("b", Assert.Single(documents).Id);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(1, problem.Line);
        Assert.StartsWith("not valid text: ", problem.Message, StringComparison.Ordinal);
    }
}
