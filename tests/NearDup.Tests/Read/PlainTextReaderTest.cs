using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class PlainTextReaderTest
{
    [Fact]
    public async Task Read_FiftyMegabyteDocument_IsReadWhole()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "huge.txt");
        const int Target = 50_000_000;
        byte[] sentence = "The minister said the port would reopen on Tuesday, officials in Velbrook confirmed. "u8.ToArray();
        long written = 0;
        await using (var stream = File.Create(path))
        {
            while (written + sentence.Length <= Target)
            {
                stream.Write(sentence);
                written += sentence.Length;
            }
        }

        var problems = new InputProblems();
        var documents = await new PlainTextReader(path, problems: problems).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Empty(problems.Items);
        Assert.Equal("huge", document.Id);
        Assert.Equal(written, document.Text.Length);
        Assert.True(written > 49_000_000);
        Assert.StartsWith("The minister said", document.Text);
    }

    [Fact]
    public async Task Read_Stream_IsOneDocumentWithTheGivenId()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Line one.\n\nLine two."));

        var documents = await new PlainTextReader(stream, "piped", "-").ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal("piped", document.Id);
        Assert.Equal("Line one.\n\nLine two.", document.Text);
        Assert.Equal("-", document.Origin);
    }

    [Fact]
    public async Task Read_StreamAboveMaxDocumentBytes_IsRefused()
    {
        using var stream = new MemoryStream(new byte[300_000].Select(_ => (byte)'x').ToArray());
        var problems = new InputProblems();

        var documents = await new PlainTextReader(stream, "piped", "-", new ReaderOptions { MaxDocumentBytes = 100_000 }, problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Contains("too large", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task Read_WithThrowingSink_ThrowsFormatExceptionWithOrigin()
    {
        using var temp = new TempFolder();
        string path = temp.Write("bad.txt", [(byte)'a', 0x00]);

        var ex = await Assert.ThrowsAsync<NearDupFormatException>(
            () => new PlainTextReader(path, problems: NearDupFormatException.ThrowingSink).ReadAllAsync());

        Assert.Equal(path, ex.Origin);
        Assert.Equal(1, ex.ByteOffset);
        Assert.Contains("binary file (NUL byte at byte 1)", ex.Message);
    }
}
