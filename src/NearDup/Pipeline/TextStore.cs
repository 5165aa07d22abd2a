using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace NearDup.Pipeline;

/// <summary>
/// Keeps the texts of a run out of the managed heap: each text is appended to a temporary spill file and read back
/// only when a candidate pair needs it. Texts reserved with their content are stored as UTF-8 (half the bytes of
/// news text) when that gives the same string back, i.e. when they hold no surrogate; others, and texts reserved by
/// length, as raw UTF-16, so that offsets survive even lone surrogates. Memory is 16 bytes a document, whatever the texts.
/// </summary>
/// <remarks>Safe for concurrent use: reservations are serialized by a lock, writes and reads of different texts run at once.</remarks>
internal sealed class TextStore : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private long _end;

    public TextStore(string? directory = null)
    {
        string path = Path.Combine(directory ?? Path.GetTempPath(), $"neardup-{Environment.ProcessId}-{Guid.NewGuid():N}.texts");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.RandomAccess);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Stores <paramref name="text"/> and returns its ordinal.</summary>
    public int Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int ordinal = Reserve(text);
        Write(ordinal, text);
        return ordinal;
    }

    /// <summary>
    /// Reserves room for a text of <paramref name="length"/> characters and returns its ordinal; fill it with
    /// <see cref="Write"/>, from any thread. Ordinals follow the order of reservation.
    /// </summary>
    public int Reserve(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return Reserve(length, length * sizeof(char), utf8: false);
    }

    /// <summary>Reserves room for <paramref name="text"/> (as UTF-8 when it round-trips) and returns its ordinal.</summary>
    internal int Reserve(string text)
    {
        // Without surrogates UTF-8 decodes back to the very same string; with them, raw UTF-16 is exact.
        bool utf8 = !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF');
        return utf8 ? Reserve(text.Length, Encoding.UTF8.GetByteCount(text), utf8: true) : Reserve(text.Length);
    }

    /// <summary>Writes the text reserved under <paramref name="ordinal"/>; writes of different ordinals may run at once.</summary>
    public void Write(int ordinal, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Entry entry;
        lock (_gate)
        {
            entry = _entries[ordinal];
        }

        if (text.Length != entry.Characters)
        {
            throw new ArgumentException($"Text {ordinal} was reserved for {entry.Characters} characters, not {text.Length}.", nameof(text));
        }

        if (!entry.Utf8)
        {
            RandomAccess.Write(_file.SafeFileHandle, MemoryMarshal.AsBytes(text.AsSpan()), entry.Offset);
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(entry.Bytes, 1));
        try
        {
            int written = Encoding.UTF8.GetBytes(text, buffer);
            if (written != entry.Bytes)
            {
                throw new ArgumentException($"Text {ordinal} is not the text reserved ({written} UTF-8 bytes, not {entry.Bytes}).", nameof(text));
            }

            RandomAccess.Write(_file.SafeFileHandle, buffer.AsSpan(0, written), entry.Offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads back the text stored under <paramref name="ordinal"/>.</summary>
    public string Get(int ordinal)
    {
        Entry entry;
        lock (_gate)
        {
            entry = _entries[ordinal];
        }

        if (entry.Bytes == 0)
        {
            return string.Empty;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(entry.Bytes);
        try
        {
            int read = 0;
            while (read < entry.Bytes)
            {
                int n = RandomAccess.Read(_file.SafeFileHandle, buffer.AsSpan(read, entry.Bytes - read), entry.Offset + read);
                if (n == 0)
                {
                    throw new IOException("Text store truncated.");
                }

                read += n;
            }

            return entry.Utf8
                ? Encoding.UTF8.GetString(buffer, 0, entry.Bytes)
                : new string(MemoryMarshal.Cast<byte, char>(buffer.AsSpan(0, entry.Bytes)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _file.Dispose();

    private int Reserve(int characters, int bytes, bool utf8)
    {
        lock (_gate)
        {
            _entries.Add(new Entry(_end, bytes, characters, utf8));
            _end += bytes;
            return _entries.Count - 1;
        }
    }

    private readonly record struct Entry(long Offset, int Bytes, int Characters, bool Utf8);
}
