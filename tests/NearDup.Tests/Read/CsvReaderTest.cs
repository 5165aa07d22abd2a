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
        var problem = Assert.Single(problems.Items);
        Assert.Contains("no 'text' column", problem.Message, StringComparison.Ordinal);
        Assert.Contains("columns found: 'id', 'body'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1L, problem.Line);
    }

    [Fact]
    public async Task Read_TextColumnInOtherCase_IsNamedInTheProblem()
    {
        using var temp = new TempFolder();
        string path = temp.Write("cols.csv", "id,Text\n1,Story.\n");
        var problems = new InputProblems();

        Assert.Empty(await new CsvReader(path, problems: problems).ReadAllAsync());

        Assert.Contains("'Text' differs only in case", Assert.Single(problems.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UnclosedQuote_SkipsTheLastRowWithItsLineAndKeepsTheRowsBefore()
    {
        using var temp = new TempFolder();
        string path = temp.Write("quote.csv", "id,text\n1,Good one.\n2,\"Opened and\nnever closed.\n3,Swallowed.\n");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(3L, problem.Line);
        Assert.Contains("never closed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StrayQuoteAndTooFewFields_AreReportedWithLinesAndTheRestKept()
    {
        using var temp = new TempFolder();
        string path = temp.Write("rows.csv",
            "id,text,url\n" +
            "1,Good one.,https://a.example/1\n" +
            "2,Only two\n" +
            "3,A \"quoted\" word, and a comma,https://a.example/3\n" +
            "4,Good two.,https://a.example/4\n");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1", "4"], documents.Select(d => d.Id));
        Assert.Equal([3L, 4L], problems.Items.Select(p => p.Line!.Value));
        Assert.Contains("row has 2 fields, the header has 3", problems.Items[0].Message, StringComparison.Ordinal);
        Assert.Contains("row has 4 fields, the header has 3 (a quote inside a field", problems.Items[1].Message, StringComparison.Ordinal);
        Assert.All(problems.Items, p => Assert.StartsWith(path + ":", p.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_InvalidUtf8InACell_SkipsTheRowWithLineAndByteOffset()
    {
        using var temp = new TempFolder();
        byte[] head = System.Text.Encoding.UTF8.GetBytes("\uFEFFid,text\n1,Caf\u00e9 one.\n2,Bad ");
        byte[] tail = System.Text.Encoding.UTF8.GetBytes(" byte.\n3,Good \uFFFD kept.\n");
        string path = temp.Write("utf8.csv", [.. head, 0xC3, 0x28, .. tail]);
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1", "3"], documents.Select(d => d.Id));
        Assert.Equal("Caf\u00e9 one.", documents[0].Text);
        Assert.Equal("Good \uFFFD kept.", documents[1].Text); // a real U+FFFD is text, not an error
        var problem = Assert.Single(problems.Items);
        Assert.Equal(3L, problem.Line);
        Assert.Equal(head.Length, problem.ByteOffset);
        Assert.Contains("invalid UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.Contains("column 'text'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_InvalidUtf8AcrossBufferBoundaries_GivesEachOffset()
    {
        // Rows long enough to cross the decoder's 64 KiB reads: offsets stay exact over refills.
        var bytes = new List<byte>("id,text\n"u8.ToArray());
        var bad = new List<long>();
        for (int i = 1; i <= 40; i++)
        {
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes($"{i},{new string('\u00e9', 3000)}"));
            if (i % 10 == 0)
            {
                bad.Add(bytes.Count);
                bytes.Add(0xFF);
            }

            bytes.Add((byte)'\n');
        }

        using var temp = new TempFolder();
        string path = temp.Write("long.csv", [.. bytes]);
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(36, documents.Count);
        Assert.Equal(bad, problems.Items.Select(p => p.ByteOffset!.Value));
        Assert.Equal([11L, 21L, 31L, 41L], problems.Items.Select(p => p.Line!.Value));
    }

    [Fact]
    public async Task Read_HugeCell_IsAProblemAndTheRowsBeforeAreKept()
    {
        using var temp = new TempFolder();
        var text = new System.Text.StringBuilder("id,text\n1,Good one.\n2,\"");
        text.Append('x', 17_000_000).Append("\"\n3,After.\n");
        string path = temp.Write("huge.csv", text.ToString());
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(3L, problem.Line);
        Assert.Contains("row too long", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_HeaderOnly_SaysThereAreNoRows()
    {
        using var temp = new TempFolder();
        string path = temp.Write("header.csv", "id,text\n");
        var problems = new InputProblems();

        Assert.Empty(await new CsvReader(path, problems: problems).ReadAllAsync());

        Assert.Equal("no rows after the header", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task Read_EmptyFile_IsOneProblem()
    {
        using var temp = new TempFolder();
        string path = temp.Write("empty.csv", "");
        var problems = new InputProblems();

        var documents = await new CsvReader(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        var problem = Assert.Single(problems.Items);
        Assert.StartsWith("empty file", problem.Message, StringComparison.Ordinal);
        Assert.Equal(path, problem.Origin);
    }

    [Fact]
    public async Task Read_Utf16WithBom_IsDecoded()
    {
        using var temp = new TempFolder();
        string path = temp.Write("sheet.csv", [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("id,text\n1,Caf\u00e9 story.\n")]);
        var problems = new InputProblems();

        var document = Assert.Single(await new CsvReader(path, problems: problems).ReadAllAsync());

        Assert.Empty(problems.Items);
        Assert.Equal("Caf\u00e9 story.", document.Text);
    }
}
