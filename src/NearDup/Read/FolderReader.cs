using System.Buffers;
using System.Runtime.CompilerServices;

namespace NearDup.Read;

/// <summary>
/// Reads every .txt and .md file (see <see cref="ReaderOptions.Extensions"/>) under a folder, recursively, one
/// document per file.
/// </summary>
/// <remarks>
/// <para>Order is deterministic: within each folder, files by ordinal name, then subfolders by ordinal name.
/// Files are read in that order and decoded (pages extracted) on <see cref="ReaderOptions.Parallelism"/> worker
/// threads, at most 2 × Parallelism files in flight; documents and problems keep the order.</para>
/// <para>The id is the path relative to the root, with '/' separators and without the extension
/// (<c>world/2024/story.txt</c> gives <c>world/2024/story</c>), so ids match the names a corpus was written under.
/// When two files differ only by extension (<c>a.md</c>, <c>a.txt</c>), the later keeps its extension as its id.</para>
/// <para>Names starting with '.' are skipped, and symbolic links to folders are not followed (no cycles).
/// Unreadable, binary, empty and too-large files are skipped with a problem; text that is not UTF-8 is decoded by
/// detection, with a note.</para>
/// </remarks>
internal sealed class FolderReader : IDocumentReader
{
    private readonly string _root;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;

    public FolderReader(string root, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _root = Path.GetFullPath(root);
        _problems = problems ?? InputProblems.None;
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            _problems.Report(new InputProblem(_root, null, null, "folder not found"));
            yield break;
        }

        // Files are read here, in order; pages are extracted (and text decoded) on worker threads.
        await using var pipeline = new ExtractionPipeline(_options.Parallelism, _problems, cancellationToken);
        var problems = pipeline.Problems;
        var pending = new Stack<string>();
        pending.Push(_root);
        var stems = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string folder = pending.Pop();
            if (!TryList(folder, problems, out var files, out var folders))
            {
                continue;
            }

            stems.Clear();
            foreach (var file in files)
            {
                while (pipeline.ShouldTake)
                {
                    if (await pipeline.TakeAsync().ConfigureAwait(false) is { } document)
                    {
                        yield return document;
                    }
                }

                string relative = Path.GetRelativePath(_root, file).Replace('\\', '/');
                string stem = Path.ChangeExtension(relative, null);
                string id = stems.Add(stem) ? stem : relative;

                // Zero length is checked before opening: a named pipe or a device reports 0 too, and opening a pipe
                // would block the run until a writer appears. (A pipe named on its own is read: it is meant.)
                var info = new FileInfo(file);
                if (info.Exists && info.Length == 0)
                {
                    problems.Report(new InputProblem(file, null, null, "empty file (or not a regular file)"));
                    continue;
                }

                if (await PlainTextReader.ReadFileBytesAsync(file, _options, problems, cancellationToken).ConfigureAwait(false) is var (buffer, length))
                {
                    pipeline.Add(file, null, recordProblems =>
                    {
                        try
                        {
                            return PlainTextReader.Decode(buffer.AsSpan(0, length), id, file, recordProblems);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                    });
                }
            }

            // Pushed in reverse so that they pop in order.
            for (int i = folders.Count - 1; i >= 0; i--)
            {
                pending.Push(folders[i]);
            }
        }

        pipeline.Complete();
        while (pipeline.ShouldTake)
        {
            if (await pipeline.TakeAsync().ConfigureAwait(false) is { } document)
            {
                yield return document;
            }
        }
    }

    private bool TryList(string folder, IInputProblemSink problems, out List<string> files, out List<string> folders)
    {
        files = [];
        folders = [];
        try
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = false,
                IgnoreInaccessible = false,
                AttributesToSkip = 0,
                ReturnSpecialDirectories = false,
            };
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is not null)
                    {
                        problems.Report(new InputProblem(entry.FullName, null, null, "symbolic link to a folder, not followed"));
                    }
                    else
                    {
                        folders.Add(entry.FullName);
                    }
                }
                else if (HasExtension(entry.Name))
                {
                    files.Add(entry.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Report(new InputProblem(folder, null, null, "cannot list folder: " + PlainTextReader.Reason(ex)));
            return false;
        }

        files.Sort(StringComparer.Ordinal);
        folders.Sort(StringComparer.Ordinal);
        return true;
    }

    private bool HasExtension(string name)
    {
        foreach (string extension in _options.Extensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
