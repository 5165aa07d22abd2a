using System.Buffers;

namespace NearDup.Read;

/// <summary>
/// Splits a byte stream into lines over one pooled buffer that grows to the longest line (up to a cap).
/// <see cref="Line"/> points into that buffer and is valid until the next <see cref="ReadLineAsync"/>.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const int InitialSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset; // stream offset of _buffer[0]
    private bool _eof;

    public Utf8LineReader(Stream stream, long maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialSize, maxLineBytes + 1));
    }

    /// <summary>The current line without its line break (and without a UTF-8 BOM on line 1).</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset of the current line's first byte in the stream.</summary>
    public long LineOffset { get; private set; }

    /// <summary>Length in bytes of the current line; when it exceeds the cap, <see cref="TooLong"/> is set and <see cref="Line"/> is empty.</summary>
    public long LineLength { get; private set; }

    public bool TooLong { get; private set; }

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanFrom = _start;
        long skipped = 0;
        long lineOffset = _bufferOffset + _start;
        while (true)
        {
            int index = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (index >= 0)
            {
                int lineEnd = scanFrom + index;
                SetLine(lineOffset, _start, lineEnd, skipped);
                _start = lineEnd + 1;
                return true;
            }

            if (_eof)
            {
                if (_start < _end || skipped > 0)
                {
                    SetLine(lineOffset, _start, _end, skipped);
                    _start = _end;
                    return true;
                }

                return false;
            }

            if (_end - _start + skipped >= _maxLineBytes + 1)
            {
                // Too long to keep: drop what is buffered and scan on for the line break.
                skipped += _end - _start;
                _bufferOffset += _end;
                _start = _end = 0;
            }
            else if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                long size = Math.Min((long)_buffer.Length * 2, _maxLineBytes + 1);
                byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, _buffer.Length + 1));
                _buffer.AsSpan(0, _end).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }

            scanFrom = _end;
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private void SetLine(long lineOffset, int start, int end, long skipped)
    {
        LineNumber++;
        LineOffset = lineOffset;
        LineLength = skipped + end - start;
        TooLong = LineLength > _maxLineBytes;
        if (TooLong)
        {
            Line = ReadOnlyMemory<byte>.Empty;
            return;
        }

        if (end > start && _buffer[end - 1] == (byte)'\r')
        {
            end--;
        }

        if (LineNumber == 1 && _buffer.AsSpan(start, end - start).StartsWith(TextDecoding.Utf8Bom))
        {
            start += 3;
        }

        Line = _buffer.AsMemory(start, end - start);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
