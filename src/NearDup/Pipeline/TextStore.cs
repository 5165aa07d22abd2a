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
        return AddRange([text]);
    }

    /// <summary>
    /// Stores <paramref name="texts"/> one after another and returns the first one's ordinal. The batch is encoded
    /// into one buffer and written in one call: a write per document cost more in the kernel than the encoding.
    /// </summary>
    internal int AddRange(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int first;
        long start;
        long total = 0;
        var entries = new Entry[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            string text = texts[i] ?? throw new ArgumentException($"Text {i} of the batch is null.", nameof(texts));
            bool utf8 = !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF');
            int bytes = utf8 ? Encoding.UTF8.GetByteCount(text) : text.Length * sizeof(char);
            entries[i] = new Entry(total, bytes, text.Length, utf8);
            total += bytes;
        }

        lock (_gate)
        {
            first = _entries.Count;
            start = _end;
            foreach (var e in entries)
            {
                _entries.Add(e with { Offset = start + e.Offset });
            }

            _end += total;
        }

        // Written in slices of at most 64 MB, so that a batch of huge documents needs no huge buffer.
        const int Slice = 64 << 20;
        int at = 0;
        while (at < entries.Length)
        {
            int end = at;
            long size = 0;
            while (end < entries.Length && (end == at || size + entries[end].Bytes <= Slice))
            {
                size += entries[end++].Bytes;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
            try
            {
                int used = 0;
                for (int i = at; i < end; i++)
                {
                    used += entries[i].Utf8
                        ? Encoding.UTF8.GetBytes(texts[i], buffer.AsSpan(used))
                        : CopyUtf16(texts[i], buffer.AsSpan(used));
                }

                RandomAccess.Write(_file.SafeFileHandle, buffer.AsSpan(0, used), start + entries[at].Offset);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            at = end;
        }

        return first;

        static int CopyUtf16(string text, Span<byte> destination)
        {
            MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(destination);
            return text.Length * sizeof(char);
        }
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

        if (entry.Utf8)
        {
            throw new InvalidOperationException($"Text {ordinal} was stored with its content; only texts reserved by length are written.");
        }

        RandomAccess.Write(_file.SafeFileHandle, MemoryMarshal.AsBytes(text.AsSpan()), entry.Offset);
    }

    /// <summary>Reads back the text stored under <paramref name="ordinal"/>.</summary>
    public string Get(int ordinal)
    {
        var entry = EntryOf(ordinal);
        if (entry.Bytes == 0)
        {
            return string.Empty;
        }

        if (!entry.Utf8)
        {
            return string.Create(entry.Characters, (Store: this, Entry: entry), static (chars, at) => at.Store.ReadBytes(at.Entry, MemoryMarshal.AsBytes(chars)));
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(entry.Bytes);
        try
        {
            ReadBytes(entry, buffer.AsSpan(0, entry.Bytes));
            return Encoding.UTF8.GetString(buffer, 0, entry.Bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The length in characters of the text stored under <paramref name="ordinal"/>.</summary>
    public int LengthOf(int ordinal) => EntryOf(ordinal).Characters;

    /// <summary>
    /// Reads the text stored under <paramref name="ordinal"/> into <paramref name="destination"/> (at least
    /// <see cref="LengthOf"/> characters) and returns its length: a stage that reads many texts and keeps none
    /// allocates no string for each (verification read every pair's two texts as new strings: most of its garbage).
    /// </summary>
    public int Read(int ordinal, Span<char> destination)
    {
        var entry = EntryOf(ordinal);
        if (destination.Length < entry.Characters)
        {
            throw new ArgumentException($"Text {ordinal} has {entry.Characters} characters; the destination holds {destination.Length}.", nameof(destination));
        }

        if (!entry.Utf8)
        {
            ReadBytes(entry, MemoryMarshal.AsBytes(destination[..entry.Characters]));
            return entry.Characters;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, entry.Bytes));
        try
        {
            ReadBytes(entry, buffer.AsSpan(0, entry.Bytes));
            return Encoding.UTF8.GetChars(buffer.AsSpan(0, entry.Bytes), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>As <see cref="Read(int, Span{char})"/>, into <paramref name="buffer"/>, grown when too short.</summary>
    public ReadOnlySpan<char> Read(int ordinal, ref char[] buffer)
    {
        int length = LengthOf(ordinal);
        if (buffer.Length < length)
        {
            buffer = new char[Math.Max(length, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, Read(ordinal, buffer));
    }

    private Entry EntryOf(int ordinal)
    {
        lock (_gate)
        {
            return _entries[ordinal];
        }
    }

    private void ReadBytes(Entry entry, Span<byte> destination)
    {
        int read = 0;
        while (read < entry.Bytes)
        {
            int n = RandomAccess.Read(_file.SafeFileHandle, destination[read..entry.Bytes], entry.Offset + read);
            if (n == 0)
            {
                throw new IOException("Text store truncated.");
            }

            read += n;
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
