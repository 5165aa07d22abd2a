using Microsoft.Win32.SafeHandles;

namespace NearDup.Pipeline;

/// <summary>
/// A temporary file for a stage's arrays that nothing reads for a while (or reads a row at a time): deleted when its
/// handle is closed. Memory a scan keeps live under its peak goes there instead of the managed heap.
/// </summary>
internal static class SpillFile
{
    /// <summary>
    /// Creates a file in <paramref name="directory"/> (the system's temporary folder when null) and lets
    /// <paramref name="write"/> fill it (with <see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>).
    /// </summary>
    /// <returns>The open file, or null when the folder is full or cannot be written: a failed spill costs memory, not
    /// the scan, so the caller keeps its arrays.</returns>
    public static SafeFileHandle? TryWrite(string? directory, string extension, Action<SafeFileHandle> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string path = Path.Combine(directory ?? Path.GetTempPath(), $"neardup-{Environment.ProcessId}-{Guid.NewGuid():N}.{extension}");
        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                FileOptions.DeleteOnClose | FileOptions.RandomAccess);
            write(file);
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>Fills <paramref name="into"/> from <paramref name="at"/>: what <see cref="TryWrite"/> wrote there.</summary>
    public static void Read(SafeFileHandle file, Span<byte> into, long at)
    {
        while (!into.IsEmpty)
        {
            int read = RandomAccess.Read(file, into, at);
            if (read <= 0)
            {
                throw new EndOfStreamException("A spill file is shorter than written.");
            }

            into = into[read..];
            at += read;
        }
    }
}
