using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class DocumentReadersTest
{
    [Fact]
    public async Task FromStream_JsonLinesContent_IsReadAsJsonLines()
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes("\n  {\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n"));

        var documents = await DocumentReaders.FromStream(stdin, "stdin", "-").ReadAllAsync();

        Assert.Equal(["a", "b"], documents.Select(d => d.Id));
        Assert.Equal("-:3", documents[1].Origin);
    }

    [Fact]
    public async Task FromStream_PlainText_IsOneDocument()
    {
        string text = "  A plain article.\n\nSecond paragraph with {braces}.";
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var documents = await DocumentReaders.FromStream(stdin, "stdin", "-").ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal(("stdin", text), (document.Id, document.Text));
    }

    [Fact]
    public async Task FromStream_LongPlainTextBeyondTheSniffedPrefix_IsReadWhole()
    {
        string text = new string(' ', 10_000) + string.Concat(Enumerable.Repeat("words and more words ", 10_000));
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var documents = await DocumentReaders.FromStream(stdin, "stdin", "-").ReadAllAsync();

        Assert.Equal(text, Assert.Single(documents).Text);
    }

    [Fact]
    public async Task FromStream_Empty_IsAProblem()
    {
        var problems = new InputProblems();

        var documents = await DocumentReaders.FromStream(new MemoryStream(), "stdin", "-", problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Equal("-: empty file", Assert.Single(problems.Items).ToString());
    }

    [Fact]
    public void Open_PicksTheReaderByPath()
    {
        using var temp = new TempFolder();
        string jsonl = temp.Write("c.jsonl", "{}");
        string ndjson = temp.Write("c.NDJSON", "{}");
        string txt = temp.Write("a.txt", "x");

        Assert.IsType<FolderReader>(DocumentReaders.Open(temp.Path));
        Assert.IsType<JsonLinesReader>(DocumentReaders.Open(jsonl));
        Assert.IsType<JsonLinesReader>(DocumentReaders.Open(ndjson));
        Assert.IsType<PlainTextReader>(DocumentReaders.Open(txt));
        Assert.NotNull(DocumentReaders.Open("-"));
        Assert.Throws<FileNotFoundException>(() => DocumentReaders.Open(Path.Combine(temp.Path, "missing.jsonl")));
    }

    [Fact]
    public async Task Open_SingleTextFile_IdIsTheFileName()
    {
        using var temp = new TempFolder();
        string path = temp.Write("story-1.md", "# Title\n\nBody.");

        var documents = await DocumentReaders.Open(path).ReadAllAsync();

        Assert.Equal("story-1", Assert.Single(documents).Id);
    }
}
