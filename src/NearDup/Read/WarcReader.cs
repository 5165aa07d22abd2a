using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace NearDup.Read;

/// <summary>
/// Reads web pages from a WARC file (.warc, or .warc.gz with one gzip member per record), record by record.
/// </summary>
/// <remarks>
/// <para>Takes <c>response</c> records (HTTP status 2xx, an HTML content type) and <c>resource</c> records with an
/// HTML content type; the page goes through <see cref="HtmlDocuments.ToDocument"/> with the HTTP charset as the
/// declared one. Other records (requests, metadata, images, redirects) are skipped without a problem and counted in
/// <see cref="SkippedRecords"/>. Chunked transfer coding and gzip/deflate/br content coding are undone.</para>
/// <para>The id is the WARC-Target-URI (else the WARC-Record-ID); <see cref="Document.Origin"/> is
/// <c>path@offset</c>, the record's byte offset in the (decompressed) WARC stream, which problems name too.
/// A record whose Content-Length does not end at the next record is reported and dropped, and reading resumes at
/// the next <c>WARC/</c> line; a truncated file or gzip stream is reported and the records before it are kept.
/// Records are framed in order on the reading thread; their pages are extracted on
/// <see cref="ReaderOptions.Parallelism"/> worker threads, and documents and problems come out in input order.
/// Memory is at most 2 × Parallelism records, each up to <see cref="ReaderOptions.MaxDocumentBytes"/>.</para>
/// </remarks>
internal sealed class WarcReader : IDocumentReader
{
    private const int MaxHeaderLine = 64 * 1024;
    private const int MaxHeaderLines = 1000;

    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly string _origin;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;
    private IInputProblemSink _readerProblems;
    private long _skippedRecords;

    /// <summary>Reads the WARC file at <paramref name="path"/>, gunzipped when it ends in .gz (.zst also works).</summary>
    public WarcReader(string path, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _origin = path;
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _problems = problems ?? InputProblems.None;
        _readerProblems = _problems;
    }

    /// <summary>Reads WARC records from <paramref name="stream"/>, already decompressed (the caller owns it).</summary>
    public WarcReader(Stream stream, string origin, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        _stream = stream;
        _origin = origin;
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _problems = problems ?? InputProblems.None;
        _readerProblems = _problems;
    }

    /// <summary>WARC records read so far (all types).</summary>
    public long Records { get; private set; }

    /// <summary>Records skipped as not pages: requests, metadata, non-HTML or non-2xx responses.</summary>
    public long SkippedRecords => Interlocked.Read(ref _skippedRecords);

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream? owned = null;
        if (_path is not null && (owned = InputStreams.TryOpen(_path, _problems)) is null)
        {
            yield break;
        }

        // Records are framed here, in order; their pages are extracted on worker threads (see ExtractionPipeline).
        var pipeline = new ExtractionPipeline(_options.Parallelism, _problems, cancellationToken);
        _readerProblems = pipeline.Problems;
        try
        {
            using var input = new ByteInput(owned ?? _stream!, MaxHeaderLine);
            bool resyncing = false;
            while (true)
            {
                while (pipeline.ShouldTake)
                {
                    if (await pipeline.TakeAsync().ConfigureAwait(false) is { } document)
                    {
                        yield return document;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                long lineOffset = input.Position;
                bool more = await TryAsync(input.ReadLineAsync(cancellationToken), lineOffset).ConfigureAwait(false) ?? false;

                if (!more)
                {
                    break;
                }

                if (input.LineLength == 0)
                {
                    continue;
                }

                if (!input.Line.StartsWith("WARC/"u8))
                {
                    if (!resyncing)
                    {
                        Report(lineOffset, "expected a WARC record (a WARC/1.x line); skipping to the next record");
                        resyncing = true;
                    }

                    continue;
                }

                resyncing = false;
                var record = new WarcRecord(); // one per record: its work reads it on a worker thread
                record.Clear(lineOffset);
                bool? headerRead = await ReadHeaderAsync(input, record, cancellationToken).ConfigureAwait(false);
                if (headerRead is null)
                {
                    break; // truncated, reported
                }

                if (headerRead == false)
                {
                    resyncing = true;
                    continue;
                }

                Records++;
                bool wanted = record.Type is "response" or "resource";
                long length = record.ContentLength;
                if (wanted && length > _options.MaxDocumentBytes)
                {
                    Report(record.Offset, Describe(record) + " " + TextDecoding.TooLarge(length, _options.MaxDocumentBytes));
                    wanted = false;
                }

                byte[]? block = null;
                try
                {
                    if (wanted)
                    {
                        block = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
                        int read = await TryAsync(input.ReadBlockAsync(block.AsMemory(0, (int)length), cancellationToken), record.Offset).ConfigureAwait(false) ?? -1;
                        if (read < length)
                        {
                            ReportTruncated(record, read);
                            break;
                        }
                    }
                    else
                    {
                        long skipped = await TryAsync(input.SkipAsync(length, cancellationToken), record.Offset).ConfigureAwait(false) ?? -1;
                        if (skipped < length)
                        {
                            ReportTruncated(record, skipped);
                            break;
                        }
                    }

                    // The block is followed by CR LF CR LF; anything else means Content-Length did not end the record.
                    if (!await TrailerFollowsAsync(input, cancellationToken).ConfigureAwait(false))
                    {
                        Report(record.Offset, $"{Describe(record)}: Content-Length {length} does not end at the record's end (bogus Content-Length?); record dropped");
                        int next = block is null ? -1 : block.AsSpan(0, (int)length).IndexOf("\r\n\r\nWARC/"u8);
                        if (next >= 0)
                        {
                            // Too large: the block swallowed the records after it; read them again.
                            input.Unread(block.AsSpan(next + 4, (int)length - next - 4));
                        }

                        resyncing = true; // the skip to the next WARC/ line is part of this problem
                        continue;
                    }

                    if (!wanted)
                    {
                        Interlocked.Increment(ref _skippedRecords);
                        continue;
                    }

                    byte[] page = block!;
                    block = null; // the work returns it
                    pipeline.Add(_origin, record.Offset, problems =>
                    {
                        try
                        {
                            return ToDocument(record, page.AsSpan(0, (int)length), problems);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(page);
                        }
                    });
                }
                finally
                {
                    if (block is not null)
                    {
                        ArrayPool<byte>.Shared.Return(block);
                    }
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
        finally
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            _readerProblems = _problems;
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads header lines to the blank line: true when done, false when bad (reported), null when truncated.</summary>
    private async Task<bool?> ReadHeaderAsync(ByteInput input, WarcRecord record, CancellationToken cancellationToken)
    {
        for (int lines = 0; ; lines++)
        {
            bool? more = await TryAsync(input.ReadLineAsync(cancellationToken), record.Offset).ConfigureAwait(false);
            if (more is not true)
            {
                if (more is false)
                {
                    Report(record.Offset, "WARC record truncated in its header");
                }

                return null;
            }

            if (input.LineLength == 0)
            {
                break;
            }

            if (lines >= MaxHeaderLines || input.LineTooLong)
            {
                Report(record.Offset, "WARC header too long; skipping to the next record");
                return false;
            }

            record.AddHeader(input.Line);
        }

        if (record.ContentLength < 0)
        {
            Report(record.Offset, $"{Describe(record)}: missing or invalid Content-Length; skipping to the next record");
            return false;
        }

        return true;
    }

    /// <summary>True when CR LF CR LF follows the block, then the end, a blank line or the next WARC/ line.</summary>
    private async Task<bool> TrailerFollowsAsync(ByteInput input, CancellationToken cancellationToken)
    {
        try
        {
            await input.EnsureAsync(9, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return true; // the next read reports the failure with its offset
        }

        var ahead = input.Peek(9);
        if (ahead.IsEmpty || ahead.SequenceEqual("\r\n"u8) || ahead.SequenceEqual("\n"u8))
        {
            input.Advance(ahead.Length); // end of file right after the block: a missing trailer loses nothing
            return true;
        }

        if (!ahead.StartsWith("\r\n\r\n"u8))
        {
            return false;
        }

        var after = ahead[4..];
        if (after.IsEmpty || after.StartsWith("\r\n"u8) || after.StartsWith("\n"u8) || "WARC/"u8.StartsWith(after) || after.StartsWith("WARC/"u8))
        {
            input.Advance(4);
            return true;
        }

        return false;
    }

    private Document? ToDocument(WarcRecord record, ReadOnlySpan<byte> block, IInputProblemSink problems)
    {
        string id = record.TargetUri ?? record.RecordId ?? ("record@" + record.Offset.ToString(CultureInfo.InvariantCulture));
        string? contentType = record.ContentType;
        ReadOnlySpan<byte> body = block;
        string? transferEncoding = null;
        string? contentEncoding = null;
        if (record.Type == "response")
        {
            if (!HttpHead.TryParse(block, out var head))
            {
                Report(problems, record.Offset, $"{Describe(record)}: no HTTP response head; skipped");
                return null;
            }

            if (head.Status is < 200 or > 299)
            {
                Interlocked.Increment(ref _skippedRecords);
                return null;
            }

            contentType = head.ContentType;
            transferEncoding = head.TransferEncoding;
            contentEncoding = head.ContentEncoding;
            body = block[head.Length..];
        }

        if (!IsHtml(contentType, body))
        {
            Interlocked.Increment(ref _skippedRecords);
            return null;
        }

        byte[]? decoded = null;
        try
        {
            if (transferEncoding is not null && transferEncoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                decoded = HttpHead.Dechunk(body, out int decodedLength);
                if (decoded is null)
                {
                    Report(problems, record.Offset, $"{Describe(record)}: bad chunked transfer coding; body read as is");
                }
                else
                {
                    body = decoded.AsSpan(0, decodedLength);
                }
            }

            if (contentEncoding is not null && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                byte[]? inflated = Inflate(body, contentEncoding, out int inflatedLength, out string? error);
                if (inflated is null)
                {
                    Report(problems, record.Offset, $"{Describe(record)}: cannot undo Content-Encoding {contentEncoding}: {error}; skipped");
                    return null;
                }

                if (decoded is not null)
                {
                    ArrayPool<byte>.Shared.Return(decoded);
                }

                decoded = inflated;
                body = decoded.AsSpan(0, inflatedLength);
            }

            return HtmlDocuments.ToDocument(body, id, _origin, problems, HttpHead.Charset(contentType), record.TargetUri, record.Offset);
        }
        finally
        {
            if (decoded is not null)
            {
                ArrayPool<byte>.Shared.Return(decoded);
            }
        }
    }

    private byte[]? Inflate(ReadOnlySpan<byte> body, string encoding, out int length, out string? error)
    {
        length = 0;
        error = null;
        string coding = encoding.Trim().ToLowerInvariant();
        byte[] source = body.ToArray();
        using var compressed = new MemoryStream(source, writable: false);
        Stream? decoder = coding switch
        {
            "gzip" or "x-gzip" => new GZipStream(compressed, CompressionMode.Decompress),
            "deflate" => new ZLibStream(compressed, CompressionMode.Decompress),
            "br" => new BrotliStream(compressed, CompressionMode.Decompress),
            _ => null,
        };
        if (decoder is null)
        {
            error = "unknown coding";
            return null;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length * 4, 4096));
        try
        {
            using (decoder)
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > _options.MaxDocumentBytes)
                        {
                            error = TextDecoding.TooLarge(length, _options.MaxDocumentBytes);
                            ArrayPool<byte>.Shared.Return(buffer);
                            return null;
                        }

                        byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _options.MaxDocumentBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(grown);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = grown;
                    }

                    int read = decoder.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        return buffer;
                    }

                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            error = ex.Message;
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
    }

    private static bool IsHtml(string? contentType, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            // No type given: take what looks like markup.
            var start = body.TrimStart(" \t\r\n"u8);
            if (start.StartsWith(TextDecoding.Utf8Bom))
            {
                start = start[3..];
            }

            return start.Length > 0 && start[0] == (byte)'<';
        }

        var media = contentType.AsSpan();
        int semicolon = media.IndexOf(';');
        media = (semicolon >= 0 ? media[..semicolon] : media).Trim();
        return media.Equals("text/html", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Awaits a read; on a read failure (corrupt or truncated gzip), reports it and returns null.</summary>
    private async Task<T?> TryAsync<T>(ValueTask<T> read, long offset)
        where T : struct
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Report(offset, "cannot read on from here: " + ex.Message + "; the records before are kept");
            return null;
        }
    }

    private void ReportTruncated(WarcRecord record, long read) =>
        Report(record.Offset, read < 0
            ? $"{Describe(record)}: truncated (read failed); the records before are kept"
            : $"{Describe(record)}: truncated: Content-Length says {record.ContentLength} bytes, the input ends after {read}; the records before are kept");

    private static string Describe(WarcRecord record) =>
        "WARC " + (record.Type ?? "record") + (record.TargetUri is { } uri ? " " + uri : string.Empty);

    private void Report(long offset, string message) => Report(_readerProblems, offset, message);

    private void Report(IInputProblemSink problems, long offset, string message) => problems.Report(new InputProblem(_origin, null, offset, message));

    /// <summary>The header fields of one record that the reader uses.</summary>
    private sealed class WarcRecord
    {
        public long Offset { get; private set; }

        public string? Type { get; private set; }

        public string? TargetUri { get; private set; }

        public string? RecordId { get; private set; }

        public string? ContentType { get; private set; }

        public long ContentLength { get; private set; }

        public void Clear(long offset)
        {
            Offset = offset;
            Type = TargetUri = RecordId = ContentType = null;
            ContentLength = -1;
        }

        public void AddHeader(ReadOnlySpan<byte> line)
        {
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return;
            }

            var name = line[..colon].Trim(" \t"u8);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "WARC-Type"u8))
            {
                Type = Encoding.Latin1.GetString(value).ToLowerInvariant();
            }
            else if (Ascii.EqualsIgnoreCase(name, "WARC-Target-URI"u8))
            {
                // Some writers wrap the URI in angle brackets (WARC 1.0 grammar).
                var uri = value.Trim("<>"u8);
                TargetUri = uri.IsEmpty ? null : Encoding.UTF8.GetString(uri);
            }
            else if (Ascii.EqualsIgnoreCase(name, "WARC-Record-ID"u8))
            {
                // An empty id ("<>", found fuzzing) falls back to the offset, as a missing one does.
                var id = value.Trim("<>"u8);
                RecordId = id.IsEmpty ? null : Encoding.UTF8.GetString(id);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                ContentType = Encoding.Latin1.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                ContentLength = System.Buffers.Text.Utf8Parser.TryParse(value, out long length, out int used) && used == value.Length && length >= 0
                    ? length
                    : -1;
            }
        }
    }
}
