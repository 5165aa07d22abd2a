using NearDup.Read;

namespace NearDup.Tests.Read;

public class CsvReaderTest
{
    [Fact]
    public async Task Read_Csv_GivesRowsWithQuotedFieldsAndLineBreaks()
    {
        using var temp = new TempFolder();
        string path = temp.Write("news.csv",
            "id,url,text,date\n" +
            "a1,https://example.com/a,\"First story, with a comma.\",2024-05-01T10:00:00Z\n" +
            "a2,,\"Second story\nspans \"\"two\"\" lines.\",\n");
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, problems: problems).ReadAllAsync();

        Assert.Empty(problems.Items);
        Assert.Equal(["a1", "a2"], documents.Select(d => d.Id));
        Assert.Equal("First story, with a comma.", documents[0].Text);
        Assert.Equal("https://example.com/a", documents[0].Url);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), documents[0].Published);
        Assert.Equal("Second story\nspans \"two\" lines.", documents[1].Text);
        Assert.Null(documents[1].Url);
        Assert.Equal(path + ":3", documents[1].Origin);
    }

    [Fact]
    public async Task Read_TsvWithConfiguredColumns_UsesThem()
    {
        using var temp = new TempFolder();
        string path = temp.Write("news.tsv", "doc\tbody\toutlet\nx\tA story, told.\tDaily\n");
        var options = new ReaderOptions { IdField = "doc", TextField = "body", SourceField = "outlet" };

        var documents = await DocumentReaders.Open(path, options).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal(("x", "A story, told.", "Daily"), (document.Id, document.Text, document.Source));
    }

    [Fact]
    public async Task Read_BadRows_AreReportedWithLineNumbersAndSkipped()
    {
        using var temp = new TempFolder();
        string path = temp.Write("bad.csv",
            "id,text\n" +
            "1,Good one.\n" +
            "2,Too,many,fields\n" +
            "3,\n" +
            "\n" +
            "4,Good two.\n");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1", "4"], documents.Select(d => d.Id));
        Assert.Equal([3L, 4L], problems.Items.Select(p => p.Line!.Value));
        Assert.Contains("4 fields", problems.Items[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NoTextColumn_IsOneProblem()
    {
        using var temp = new TempFolder();
        string path = temp.Write("cols.csv", "id,body\n1,Story.\n");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Contains("no 'text' column", Assert.Single(problems.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EmptyFile_IsOneProblem()
    {
        using var temp = new TempFolder();
        string path = temp.Write("empty.csv", "");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Single(problems.Items);
    }
}
