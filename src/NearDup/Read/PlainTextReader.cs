using System.Buffers;
using System.Runtime.CompilerServices;

namespace NearDup.Read;

/// <summary>
/// Reads one plain-text file or stream as one document: UTF-8, UTF-16 with a BOM, or another encoding by detection
/// (<see cref="TextDecoding.TryDecode"/>), which is then reported as a note.
/// </summary>
internal sealed class PlainTextReader : IDocumentReader
{
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly string _id;
    private readonly string _origin;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;
    private readonly bool _html;

    /// <summary>Reads the file at <paramref name="path"/>; the id is its name without extension unless given.</summary>
    public PlainTextReader(string path, ReaderOptions? options = null, IInputProblemSink? problems = null, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _path = path;
        _origin = path;
        _id = id ?? Path.GetFileNameWithoutExtension(path);
        _problems = problems ?? InputProblems.None;
    }

    /// <summary>Reads <paramref name="stream"/> to its end as one document (the caller owns the stream).</summary>
    public PlainTextReader(Stream stream, string id, string origin, ReaderOptions? options = null, IInputProblemSink? problems = null)
        : this(stream, id, origin, options, problems, html: false)
    {
    }

    /// <summary>A stream holding one web page when <paramref name="html"/> (a decompressed .html.gz).</summary>
    internal PlainTextReader(Stream stream, string id, string origin, ReaderOptions? options, IInputProblemSink? problems, bool html)
    {
        _html = html;
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(origin);
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _stream = stream;
        _id = id;
        _origin = origin;
        _problems = problems ?? InputProblems.None;
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var document = _path is not null
            ? await ReadFileAsync(_path, _id, _options, _problems, cancellationToken).ConfigureAwait(false)
            : await ReadStreamAsync(_stream!, _id, _origin, _options, _problems, cancellationToken, _html).ConfigureAwait(false);
        if (document is not null)
        {
            yield return document;
        }
    }

    /// <summary>One file as one document, or null after reporting why it cannot be.</summary>
    internal static async Task<Document?> ReadFileAsync(
        string path, string id, ReaderOptions options, IInputProblemSink problems, CancellationToken cancellationToken)
    {
        if (await ReadFileBytesAsync(path, options, problems, cancellationToken).ConfigureAwait(false) is not var (buffer, length))
        {
            return null;
        }

        try
        {
            return Decode(buffer.AsSpan(0, length), id, path, problems);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The bytes of one file in a pooled buffer that the caller returns to <see cref="ArrayPool{T}.Shared"/>, or
    /// null after reporting why it cannot be read.
    /// </summary>
    internal static async Task<(byte[] Buffer, int Length)?> ReadFileBytesAsync(
        string path, ReaderOptions options, IInputProblemSink problems, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        int length;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            long size = RandomAccess.GetLength(handle);
            if (size > options.MaxDocumentBytes)
            {
                problems.Report(new InputProblem(path, null, null, "file " + TextDecoding.TooLarge(size, options.MaxDocumentBytes)));
                return null;
            }

            buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
            length = 0;
            while (length < size)
            {
                int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(length, (int)size - length), length, cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break; // truncated while we read: take what is there
                }

                length += read;
            }

            var whole = (buffer, length);
            buffer = null; // the caller's now
            return whole;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Report(new InputProblem(path, null, null, "cannot read file: " + Reason(ex)));
            return null;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A stream to its end as one document, or null after reporting why it cannot be.</summary>
    internal static async Task<Document?> ReadStreamAsync(
        Stream stream, string id, string origin, ReaderOptions options, IInputProblemSink problems, CancellationToken cancellationToken,
        bool html = false)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > options.MaxDocumentBytes)
                    {
                        problems.Report(new InputProblem(origin, null, null,
                            "input " + TextDecoding.TooLarge(length, options.MaxDocumentBytes) + "; read stopped there"));
                        return null;
                    }

                    byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, options.MaxDocumentBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > options.MaxDocumentBytes)
            {
                problems.Report(new InputProblem(origin, null, null, "input " + TextDecoding.TooLarge(length, options.MaxDocumentBytes)));
                return null;
            }

            return Decode(buffer.AsSpan(0, length), id, origin, problems, html);
        }
        catch (IOException ex)
        {
            problems.Report(new InputProblem(origin, null, length, "cannot read: " + ex.Message));
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsHtml(string path) => HtmlDocuments.IsHtmlName(path);

    internal static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied (" + ex.Message + ")",
        FileNotFoundException or DirectoryNotFoundException => "not found, or a broken link (" + ex.Message + ")",
        _ => ex.Message,
    };

    /// <summary>A file's bytes as its document: a page (by its .html/.htm name) extracted, else text decoded.</summary>
    internal static Document? Decode(ReadOnlySpan<byte> bytes, string id, string path, IInputProblemSink problems) =>
        Decode(bytes, id, path, problems, IsHtml(path));

    private static Document? Decode(ReadOnlySpan<byte> bytes, string id, string origin, IInputProblemSink problems, bool html)
    {
        if (html)
        {
            // Pages carry their own charset (meta, BOM, legacy code pages): the extractor decodes them.
            return HtmlDocuments.ToDocument(bytes, id, origin, problems);
        }

        string? text = TextDecoding.TryDecode(bytes, out string? error, out long? offset, out string? note);
        if (text is null)
        {
            problems.Report(new InputProblem(origin, null, offset, error!));
            return null;
        }

        if (note is not null)
        {
            problems.Report(new InputProblem(origin, null, null, note) { Severity = InputProblemSeverity.Note });
        }

        return new Document(id, text) { Origin = origin, Notes = note is null ? [] : [note] };
    }
}
