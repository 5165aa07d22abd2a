using System.Buffers;

namespace NearDup.Read;

/// <summary>
/// Buffered reading of a byte stream by lines (headers) and by counted blocks (bodies), tracking the stream offset.
/// </summary>
internal sealed class ByteInput : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _line;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _base; // stream offset of _buffer[0]
    private bool _eof;

    public ByteInput(Stream stream, int maxLine)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        _line = ArrayPool<byte>.Shared.Rent(maxLine);
        MaxLine = maxLine;
    }

    public int MaxLine { get; }

    /// <summary>Offset in the stream of the next byte to read.</summary>
    public long Position => _base + _pos;

    /// <summary>The last line read (without CR LF), cut at <see cref="MaxLine"/> bytes.</summary>
    public ReadOnlySpan<byte> Line => _line.AsSpan(0, LineLength);

    public int LineLength { get; private set; }

    public bool LineTooLong { get; private set; }

    /// <summary>Reads the next line; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        int length = 0;
        bool any = false;
        LineTooLong = false;
        while (true)
        {
            if (_pos == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!any)
                {
                    LineLength = 0;
                    return false;
                }

                break;
            }

            any = true;
            if (ScanLine(ref length))
            {
                break;
            }
        }

        if (length > 0 && _line[length - 1] == (byte)'\r')
        {
            length--;
        }

        LineLength = length;
        return true;
    }

    private bool ScanLine(ref int length)
    {
        var span = _buffer.AsSpan(_pos, _end - _pos);
        int newline = span.IndexOf((byte)'\n');
        int take = newline >= 0 ? newline : span.Length;
        int room = Math.Min(take, MaxLine - length);
        span[..room].CopyTo(_line.AsSpan(length));
        length += room;
        LineTooLong |= room < take;
        _pos += newline >= 0 ? take + 1 : take;
        return newline >= 0;
    }

    /// <summary>Fills <paramref name="destination"/>; returns fewer bytes only at the end of the stream.</summary>
    public async ValueTask<int> ReadBlockAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int done = Math.Min(_end - _pos, destination.Length);
        _buffer.AsMemory(_pos, done).CopyTo(destination);
        _pos += done;
        while (done < destination.Length && !_eof)
        {
            // Large bodies go straight from the stream to the destination.
            int read = await _stream.ReadAsync(destination[done..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            done += read;
            _base += read;
        }

        return done;
    }

    /// <summary>Skips <paramref name="count"/> bytes; returns fewer only at the end of the stream.</summary>
    public async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        long done = 0;
        while (done < count)
        {
            if (_pos == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            int take = (int)Math.Min(_end - _pos, count - done);
            _pos += take;
            done += take;
        }

        return done;
    }

    /// <summary>Buffers up to <paramref name="count"/> bytes ahead (fewer at the end); see <see cref="Peek"/>.</summary>
    public async ValueTask<int> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _pos < count && !_eof)
        {
            if (_pos > 0)
            {
                _buffer.AsSpan(_pos, _end - _pos).CopyTo(_buffer);
                _base += _pos;
                _end -= _pos;
                _pos = 0;
            }

            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
        }

        return Math.Min(count, _end - _pos);
    }

    /// <summary>The next bytes without consuming them (as many as are buffered, up to <paramref name="count"/>).</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_pos, Math.Min(count, _end - _pos));

    public void Advance(int count) => _pos += Math.Min(count, _end - _pos);

    /// <summary>
    /// Puts back the last <paramref name="bytes"/>.Length bytes consumed (a copy of them), so that they are read
    /// again: recovers records swallowed by a too-large Content-Length.
    /// </summary>
    public void Unread(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= _pos)
        {
            bytes.CopyTo(_buffer.AsSpan(_pos - bytes.Length));
            _pos -= bytes.Length;
            return;
        }

        long position = Position;
        int remaining = _end - _pos;
        byte[] grown = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length + remaining, 64 * 1024));
        bytes.CopyTo(grown);
        _buffer.AsSpan(_pos, remaining).CopyTo(grown.AsSpan(bytes.Length));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
        _base = position - bytes.Length;
        _pos = 0;
        _end = bytes.Length + remaining;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        _base += _end;
        _pos = _end = 0;
        int read = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end = read;
        return true;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<byte>.Shared.Return(_line);
            _buffer = [];
        }
    }
}
