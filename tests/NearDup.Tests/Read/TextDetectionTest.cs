using System.Text;
using NearDup.Extract;
using NearDup.Read;

namespace NearDup.Tests.Read;

/// <summary>Plain text that is not UTF-8 is decoded by detection, with a note; binary stays refused.</summary>
public class TextDetectionTest
{
    private const string French = "Le café était noir, la crème fraîche et l'été brûlant à Besançon.\n";

    private static async Task<(Document? Document, InputProblem? Problem)> ReadOne(byte[] bytes)
    {
        using var temp = new TempFolder();
        string path = temp.Write("doc.txt", bytes);
        var problems = new InputProblems();
        var documents = await new PlainTextReader(path, problems: problems).ReadAllAsync();
        return (documents.SingleOrDefault(), problems.Items.SingleOrDefault());
    }

    [Fact]
    public async Task Latin1Text_IsDecodedAsWindows1252_WithANoteNotASkip()
    {
        CharsetDetector.EnsureCodePages();
        var (document, problem) = await ReadOne(Encoding.Latin1.GetBytes(French));

        Assert.NotNull(document);
        Assert.Equal(French, document.Text);
        Assert.NotNull(problem);
        Assert.Equal(InputProblemSeverity.Note, problem.Severity);
        Assert.StartsWith("decoded as windows-1252", problem.Message, StringComparison.Ordinal);
        Assert.Equal([problem.Message], document.Notes);
    }

    [Fact]
    public async Task Windows1252Text_KeepsItsQuotesAndEuro()
    {
        CharsetDetector.EnsureCodePages();
        const string text = "“Prices rose to 5 €,” he said — twice.\n";
        var (document, problem) = await ReadOne(Encoding.GetEncoding(1252).GetBytes(text));

        Assert.Equal(text, document?.Text);
        Assert.Contains("windows-1252", problem?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public async Task Utf16WithoutByteOrderMark_IsDecoded(bool bigEndian, string name)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false);
        var (document, problem) = await ReadOne(encoding.GetBytes(French));

        Assert.Equal(French, document?.Text);
        Assert.Equal(InputProblemSeverity.Note, problem?.Severity);
        Assert.Contains(name, problem?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MostlyValidUtf8_WithOneBadByte_IsReadWithAReplacementAndANote()
    {
        byte[] bytes = [.. "Café ok "u8, 0xC3, 0x28, .. " rest and more"u8];
        var (document, problem) = await ReadOne(bytes);

        Assert.Equal("Café ok \uFFFD( rest and more", document?.Text);
        Assert.Equal(InputProblemSeverity.Note, problem?.Severity);
        Assert.StartsWith("invalid UTF-8 at byte 9", problem?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x00 })]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00 })]
    public async Task BinaryContent_IsStillSkipped(byte[] bytes)
    {
        var (document, problem) = await ReadOne(bytes);

        Assert.Null(document);
        Assert.Equal(InputProblemSeverity.Skipped, problem?.Severity);
        Assert.StartsWith("binary file", problem?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_AreCountedApartFromSkips()
    {
        CharsetDetector.EnsureCodePages();
        using var temp = new TempFolder();
        temp.Write("latin1.txt", Encoding.Latin1.GetBytes(French));
        temp.Write("binary.txt", [0x00, 0x01, 0x00, 0xFF]);
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Single(documents);
        Assert.Equal(2, problems.Count);
        Assert.Equal(1, problems.Skipped);
        Assert.Equal(1, problems.Notes);
    }
}
