using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class FolderReaderTest
{
    [Fact]
    public async Task Read_Folder_GivesTxtAndMdFilesInOrdinalOrderWithRelativeIds()
    {
        using var temp = new TempFolder();
        temp.Write("b.txt", "Second story.");
        temp.Write("a.md", "First story.");
        temp.Write("sub/c.txt", "Nested story.");
        temp.Write("sub/deeper/d.TXT", "Deep story.");
        temp.Write("notes.json", "{}");
        temp.Write(".hidden.txt", "Hidden.");
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Equal(["a", "b", "sub/c", "sub/deeper/d"], documents.Select(d => d.Id));
        Assert.Equal("First story.", documents[0].Text);
        Assert.Equal(Path.Combine(temp.Path, "a.md"), documents[0].Origin);
        Assert.Empty(problems.Items);
    }

    [Fact]
    public async Task Read_TwoFilesWithOneStem_KeepsExtensionOnTheSecond()
    {
        using var temp = new TempFolder();
        temp.Write("a.txt", "Plain.");
        temp.Write("a.md", "Markdown.");

        var documents = await new FolderReader(temp.Path).ReadAllAsync();

        Assert.Equal(["a", "a.txt"], documents.Select(d => d.Id));
    }

    [Fact]
    public async Task Read_EmptyAndWhitespaceFiles_AreSkippedWithProblems()
    {
        using var temp = new TempFolder();
        string empty = temp.Write("empty.txt", "");
        string blank = temp.Write("blank.txt", " \n\t\r\n ");
        temp.Write("good.txt", "Text.");
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Equal(["good"], documents.Select(d => d.Id));
        Assert.Contains(problems.Items, p => p.Origin == empty && p.Message.StartsWith("empty file", StringComparison.Ordinal));
        Assert.Contains(problems.Items, p => p.Origin == blank && p.Message == "whitespace-only file");
    }

    [Fact]
    public async Task Read_BinaryFile_IsSkippedWithNulOffset()
    {
        using var temp = new TempFolder();
        string binary = temp.Write("image.txt", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x00, 0x01]);
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(binary, problem.Origin);
        Assert.StartsWith("binary file", problem.Message);
        Assert.Equal(4, problem.ByteOffset);
    }

    [Fact]
    public async Task Read_InvalidUtf8_IsReadWithANoteNamingTheByteOffset()
    {
        using var temp = new TempFolder();
        byte[] bytes = [.. "Café ok "u8, 0xC3, 0x28, .. " rest"u8]; // "é" is 2 bytes, so the bad byte is at 9
        string path = temp.Write("bad.txt", bytes);
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Single(documents);
        var problem = Assert.Single(problems.Items);
        Assert.Equal(path, problem.Origin);
        Assert.StartsWith("invalid UTF-8 at byte 9: decoded as utf-8", problem.Message, StringComparison.Ordinal);
        Assert.Equal(InputProblemSeverity.Note, problem.Severity);
    }

    [Fact]
    public async Task Read_Utf8Bom_IsDroppedAndUtf16WithBomIsDecoded()
    {
        using var temp = new TempFolder();
        temp.Write("a.txt", [0xEF, 0xBB, 0xBF, .. "With BOM"u8]);
        temp.Write("b.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("UTF-16 text")]);

        var documents = await new FolderReader(temp.Path).ReadAllAsync();

        Assert.Equal(["With BOM", "UTF-16 text"], documents.Select(d => d.Text));
    }

    [Fact]
    public async Task Read_BrokenSymlink_IsReportedAndTheRestIsRead()
    {
        using var temp = new TempFolder();
        temp.Write("good.txt", "Text.");
        string link = Path.Combine(temp.Path, "gone.txt");
        File.CreateSymbolicLink(link, Path.Combine(temp.Path, "missing-target.txt"));
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Equal(["good"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Equal(link, problem.Origin);
        Assert.StartsWith("cannot read file", problem.Message);
    }

    [Fact]
    public async Task Read_FileWithoutReadPermission_IsReportedAndTheRestIsRead()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        Assert.SkipWhen(Environment.UserName == "root" || IsRoot(), "root reads files whatever their mode");
        using var temp = new TempFolder();
        temp.Write("good.txt", "Text.");
        string locked = temp.Write("locked.txt", "Secret.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(locked, UnixFileMode.None);
        }
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Equal(["good"], documents.Select(d => d.Id));
        var problem = Assert.Single(problems.Items);
        Assert.Contains("permission denied", problem.Message);
    }

    [Fact]
    public async Task Read_FileAboveMaxDocumentBytes_IsRefusedWithSizes()
    {
        using var temp = new TempFolder();
        temp.Write("big.txt", new string('a', 3_000_000));
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, new ReaderOptions { MaxDocumentBytes = 2_000_000 }, problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Equal(
            "file too large: 3.0 MB exceeds MaxDocumentBytes (2.0 MB, --max-document-bytes)", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task Read_NamedPipe_IsSkippedWithoutBlocking()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix named pipes");
        using var temp = new TempFolder();
        temp.Write("good.txt", "Text.");
        string pipe = Path.Combine(temp.Path, "pipe.txt");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.SkipWhen(mkfifo.ExitCode != 0, "mkfifo failed");
        }

        var problems = new InputProblems();
        var documents = await new FolderReader(temp.Path, problems: problems).ReadAllAsync();

        Assert.Equal(["good"], documents.Select(d => d.Id));
        Assert.Equal(pipe, Assert.Single(problems.Items).Origin);
    }

    [Fact]
    public async Task Read_HtmlWhenAsked_IsExtractedWithThePageKept()
    {
        using var temp = new TempFolder();
        string html = WarcFiles.Page("Bridge plan approved", "the bridge");
        temp.Write("page.html", html);
        temp.Write("note.txt", "Plain.");

        var documents = await new FolderReader(temp.Path, new ReaderOptions { Extensions = [".txt", ".html"] }).ReadAllAsync();

        Assert.Equal(["note", "page"], documents.Select(d => d.Id));
        Assert.StartsWith("Bridge plan approved\n\nThe council met", documents[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright Example News", documents[1].Text, StringComparison.Ordinal);
        Assert.Equal(html, documents[1].Html);
        Assert.Null(documents[0].Html);
    }

    [Fact]
    public async Task Read_HtmlInLegacyCharset_IsDecodedFromItsMeta()
    {
        using var temp = new TempFolder();
        string html = WarcFiles.Page("Café reopens", "the café", charsetMeta: "windows-1252");
        temp.Write("cafe.htm", System.Text.Encoding.Latin1.GetBytes(html));
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, new ReaderOptions { Extensions = [".htm"] }, problems).ReadAllAsync();

        Assert.Contains("Café reopens", Assert.Single(documents).Text, StringComparison.Ordinal);
        Assert.Empty(problems.Items);
    }

    [Fact]
    public async Task Read_HtmlWithoutArticle_IsSkippedWithAProblem()
    {
        using var temp = new TempFolder();
        string page = temp.Write("menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>");
        var problems = new InputProblems();

        var documents = await new FolderReader(temp.Path, new ReaderOptions { Extensions = [".html"] }, problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Equal(page, Assert.Single(problems.Items).Origin);
    }

    [Fact]
    public async Task Read_MissingFolder_IsAProblemNotAnException()
    {
        var problems = new InputProblems();

        var documents = await new FolderReader("/nonexistent/neardup/folder", problems: problems).ReadAllAsync();

        Assert.Empty(documents);
        Assert.Equal("folder not found", Assert.Single(problems.Items).Message);
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
