using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NearDup.Read;

/// <summary>
/// Decodes a UTF-8 stream (a leading BOM dropped; UTF-16 when it starts with a UTF-16 BOM) for a parser that reads characters, and keeps the byte offset
/// of every invalid sequence: each becomes one U+FFFD, as <see cref="StreamReader"/> would give, and
/// <see cref="TryTakeInvalid"/> tells the caller where it was, so a row holding one can be reported, not kept garbled.
/// </summary>
/// <remarks>Offsets are queued in input order and taken by the caller in the same order (one per U+FFFD it finds
/// after the queue is non-empty), so memory is what the parser has read ahead. The stream is not disposed.</remarks>
internal sealed class CheckedUtf8TextReader : TextReader
{
    private readonly Stream _stream;
    private readonly Queue<long> _invalid = new();
    private byte[] _bytes;
    private int _start; // next byte to decode in _bytes
    private int _end; // end of the bytes read into _bytes
    private long _bufferOffset; // stream offset of _bytes[0]
    private bool _atStart = true;
    private bool _streamDone;
    private Decoder? _utf16;

    public CheckedUtf8TextReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _bytes = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Invalid sequences decoded and not yet taken.</summary>
    public int PendingInvalid => _invalid.Count;

    /// <summary>The byte offset of the oldest invalid sequence not yet taken.</summary>
    public bool TryTakeInvalid(out long offset) => _invalid.TryDequeue(out offset);

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            int written = Decode(buffer);
            if (written > 0 || _streamDone)
            {
                return written;
            }

            Fill(_stream.Read(_bytes.AsSpan(_end)));
        }
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            int written = Decode(buffer.Span);
            if (written > 0 || _streamDone)
            {
                return written;
            }

            Fill(await _stream.ReadAsync(_bytes.AsMemory(_end), cancellationToken).ConfigureAwait(false));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        base.Dispose(disposing);
    }

    /// <summary>Makes room at the end of the buffer: the undecoded tail (an incomplete sequence) moves to the front.</summary>
    private void Compact()
    {
        if (_start > 0)
        {
            _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
    }

    private void Fill(int read)
    {
        _end += read;
        _streamDone = read == 0;
    }

    private int Decode(Span<char> chars)
    {
        if (chars.Length < 2)
        {
            throw new ArgumentException("read at least 2 characters: a character may be a surrogate pair", nameof(chars));
        }

        int written = 0;
        while (written < chars.Length)
        {
            var bytes = _bytes.AsSpan(_start, _end - _start);
            if (_atStart)
            {
                if (bytes.Length < 3 && !_streamDone)
                {
                    break; // too few bytes to tell a BOM
                }

                _atStart = false;
                if (bytes.StartsWith(TextDecoding.Utf8Bom))
                {
                    _start += 3;
                    continue;
                }

                if (bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF))
                {
                    // UTF-16 with its BOM, as spreadsheets export it: decoded as such (StreamReader did too).
                    _utf16 = (bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetDecoder();
                    _start += 2;
                    continue;
                }
            }

            if (_utf16 is not null)
            {
                _utf16.Convert(bytes, chars[written..], _streamDone, out int used, out int converted, out _);
                _start += used;
                written += converted;
                break;
            }

            var status = Utf8.ToUtf16(bytes, chars[written..], out int read, out int decoded, replaceInvalidSequences: false, isFinalBlock: _streamDone);
            _start += read;
            written += decoded;
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                // One U+FFFD per maximal invalid subsequence, as the framework's replacement decoder gives.
                if (written == chars.Length)
                {
                    break;
                }

                Rune.DecodeFromUtf8(_bytes.AsSpan(_start, _end - _start), out _, out int invalidLength);
                _invalid.Enqueue(_bufferOffset + _start);
                _start += Math.Max(1, invalidLength);
                chars[written++] = '\uFFFD';
                continue;
            }

            if (status != System.Buffers.OperationStatus.DestinationTooSmall || read == 0)
            {
                break; // Done, or NeedMoreData: an incomplete sequence waits for the next read
            }
        }

        if (written == 0 && !_streamDone)
        {
            Compact();
            if (_end == _bytes.Length)
            {
                throw new InvalidOperationException("decode buffer full without a character"); // cannot happen: a sequence is at most 4 bytes
            }
        }

        return written;
    }
}
