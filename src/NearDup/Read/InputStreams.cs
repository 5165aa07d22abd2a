using System.IO.Compression;
using ZstdSharp;

namespace NearDup.Read;

/// <summary>Opens input files, decompressing <c>.gz</c> and <c>.zst</c> as they stream.</summary>
internal static class InputStreams
{
    /// <summary>The compression a file name's last extension names.</summary>
    public static Compression CompressionOf(string path, out string innerName)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            innerName = path[..^3];
            return Compression.Gzip;
        }

        if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase))
        {
            innerName = path[..^4];
            return Compression.Zstd;
        }

        innerName = path;
        return Compression.None;
    }

    /// <summary>
    /// <see cref="Open"/>, or null after reporting to <paramref name="problems"/> why the file cannot be read.
    /// </summary>
    public static Stream? TryOpen(string path, IInputProblemSink problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            return Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Report(new InputProblem(path, null, null, "cannot read file: " + PlainTextReader.Reason(ex)));
            return null;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, decompressed when its name ends in .gz or .zst.
    /// Corrupt compressed data surfaces as an <see cref="IOException"/> naming the format, as the readers expect.
    /// </summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024,
            FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            return Decompress(file, CompressionOf(path, out _), leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps <paramref name="stream"/> in a decompressor for <paramref name="compression"/>.</summary>
    public static Stream Decompress(Stream stream, Compression compression, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return compression switch
        {
            // GZipStream reads concatenated members, as .warc.gz has one per record.
            Compression.Gzip => new FailureStream(new GZipStream(stream, CompressionMode.Decompress, leaveOpen), "gzip"),
            Compression.Zstd => new FailureStream(new DecompressionStream(stream, leaveOpen: leaveOpen), "zstd"),
            _ => stream,
        };
    }

    /// <summary>Turns a decompressor's own exceptions (InvalidDataException, ZstdException) into IOException.</summary>
    private sealed class FailureStream(Stream inner, string format) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception ex) when (IsCorrupt(ex))
            {
                throw Corrupt(ex);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsCorrupt(ex))
            {
                throw Corrupt(ex);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private static bool IsCorrupt(Exception ex) => ex is InvalidDataException or ZstdException or EndOfStreamException;

        private IOException Corrupt(Exception ex) => new($"corrupt {format} data: {ex.Message}", ex);
    }
}
