using NearDup.Read;
using Parquet;
using Parquet.Schema;

namespace NearDup.Tests.Read;

public class ParquetDocumentReaderTest
{
    [Fact]
    public async Task Read_RowGroups_GiveDocumentsInOrder()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "news.parquet");
        var id = new DataField<long>("id");
        var text = new DataField<string>("text");
        var url = new DataField<string>("url");
        await WriteAsync(path, new ParquetSchema(id, text, url),
            [
                (id, new long[] { 10, 11 }), (text, new string?[] { "First story.", null }), (url, new string?[] { "https://example.com/a", null }),
            ],
            [
                (id, new long[] { 12 }), (text, new string?[] { "Third story." }), (url, new string?[] { null }),
            ]);
        var problems = new InputProblems();

        var documents = await DocumentReaders.Open(path, problems: problems).ReadAllAsync();

        Assert.Equal(["10", "12"], documents.Select(d => d.Id));
        Assert.Equal("First story.", documents[0].Text);
        Assert.Equal("https://example.com/a", documents[0].Url);
        Assert.Equal(path + ":3", documents[1].Origin);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public async Task Read_ConfiguredColumns_AreUsed()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "other.parquet");
        var body = new DataField<string>("body");
        var when = new DataField<string>("when");
        await WriteAsync(path, new ParquetSchema(body, when),
            [(body, new string?[] { "A story." }), (when, new string?[] { "2024-05-01" })]);

        var documents = await new ParquetDocumentReader(path, new ReaderOptions { TextField = "body", DateField = "when" }).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal(("1", "A story."), (document.Id, document.Text));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), document.Published);
    }

    [Fact]
    public async Task Read_EmptyParquet_GivesNothingAndNoCrash()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "empty.parquet");
        await WriteAsync(path, new ParquetSchema(new DataField<string>("text")));
        var problems = new InputProblems();

        var documents = await new ParquetDocumentReader(path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Empty(problems.Items);
    }

    [Fact]
    public async Task Read_ZeroByteOrCorruptFile_IsOneProblem()
    {
        using var temp = new TempFolder();
        string empty = temp.Write("zero.parquet", []);
        string corrupt = temp.Write("corrupt.parquet", "PAR1 this is not really parquet PAR1"u8.ToArray());
        var problems = new InputProblems();

        Assert.Empty(await new ParquetDocumentReader(empty, problems: problems).ReadAllAsync());
        Assert.Empty(await new ParquetDocumentReader(corrupt, problems: problems).ReadAllAsync());

        Assert.Equal([empty, corrupt], problems.Items.Select(p => p.Origin));
        Assert.StartsWith("empty file", problems.Items[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NoTextColumn_IsOneProblem()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "cols.parquet");
        var body = new DataField<string>("body");
        await WriteAsync(path, new ParquetSchema(body), [(body, new string?[] { "A story." })]);
        var problems = new InputProblems();

        Assert.Empty(await new ParquetDocumentReader(path, problems: problems).ReadAllAsync());
        Assert.Contains("no 'text' column", Assert.Single(problems.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_EmptyTextInTheSecondRowGroup_IsReportedWithItsRowAndGroup()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "groups.parquet");
        var text = new DataField<string>("text");
        await WriteAsync(path, new ParquetSchema(text), [(text, new string?[] { "One.", "Two." })], [(text, new string?[] { "Three.", null })]);
        var problems = new InputProblems();

        var documents = await new ParquetDocumentReader(path, problems: problems).ReadAllAsync();

        Assert.Equal(["1", "2", "3"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(4L, problem.Line);
        Assert.Contains("row group 1, row 1 in it", problem.Message, StringComparison.Ordinal);
    }

    internal static async Task WriteAsync(string path, ParquetSchema schema, params (DataField Field, Array Values)[][] groups)
    {
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, file);
        foreach (var group in groups)
        {
            using var rowGroup = writer.CreateRowGroup();
            foreach (var (field, values) in group)
            {
                if (values is string?[] strings)
                {
                    await rowGroup.WriteAsync(field, strings);
                }
                else if (values is long[] longs)
                {
                    await rowGroup.WriteAsync<long>(field, longs.AsMemory());
                }
            }
        }
    }
}
