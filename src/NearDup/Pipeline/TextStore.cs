using System.Runtime.InteropServices;

namespace NearDup.Pipeline;

/// <summary>
/// Keeps the texts of a run out of the managed heap: each text is appended, as raw UTF-16 (so that offsets survive even lone surrogates), to a temporary spill
/// file and read back only when a candidate pair needs it. Memory is 12 bytes a document, whatever the texts.
/// </summary>
/// <remarks>Safe for concurrent use: reservations are serialized by a lock, writes and reads of different texts run at once.</remarks>
public sealed class TextStore : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private readonly List<(long Offset, int Length)> _entries = [];
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
        int ordinal = Reserve(text.Length);
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
        lock (_gate)
        {
            _entries.Add((_end, length * sizeof(char)));
            _end += length * sizeof(char);
            return _entries.Count - 1;
        }
    }

    /// <summary>Writes the text reserved under <paramref name="ordinal"/>; writes of different ordinals may run at once.</summary>
    public void Write(int ordinal, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        (long offset, int length) entry;
        lock (_gate)
        {
            entry = _entries[ordinal];
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(text.AsSpan());
        if (bytes.Length != entry.length)
        {
            throw new ArgumentException($"Text {ordinal} was reserved for {entry.length / sizeof(char)} characters, not {text.Length}.", nameof(text));
        }

        RandomAccess.Write(_file.SafeFileHandle, bytes, entry.offset);
    }

    /// <summary>Reads back the text stored under <paramref name="ordinal"/>.</summary>
    public string Get(int ordinal)
    {
        (long offset, int length) entry;
        lock (_gate)
        {
            entry = _entries[ordinal];
        }

        if (entry.length == 0)
        {
            return string.Empty;
        }

        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(entry.length);
        try
        {
            int read = 0;
            while (read < entry.length)
            {
                int n = RandomAccess.Read(_file.SafeFileHandle, buffer.AsSpan(read, entry.length - read), entry.offset + read);
                if (n == 0)
                {
                    throw new IOException("Text store truncated.");
                }

                read += n;
            }

            return new string(MemoryMarshal.Cast<byte, char>(buffer.AsSpan(0, entry.length)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _file.Dispose();
}
