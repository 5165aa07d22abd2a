using System.Globalization;
using System.Runtime.InteropServices;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The pages of an embedded resource once it is read. The runtime maps an assembly's file and a resource stream reads
/// that mapping, so a resource read whole stays resident as the process's file-backed pages (the static table's 11.7
/// MB through the whole default scan, the cross-encoder's int8 layers' 10.8 MB once it loads). Dropped from the page
/// tables, they stay in the page cache and fault back in from the file if read again.
/// </summary>
internal static unsafe partial class MappedResource
{
    /// <summary>
    /// Drops the pages under <paramref name="stream"/> (an assembly's resource, read) from the process's resident set
    /// when they lie in a read-only shared file mapping (<c>madvise(MADV_DONTNEED)</c>; Linux only, nothing otherwise).
    /// </summary>
    public static void Release(Stream stream)
    {
        if (!OperatingSystem.IsLinux() || stream is not UnmanagedMemoryStream { CanRead: true } mapped || mapped.Length == 0)
        {
            return;
        }

        try
        {
            nint start = (nint)(mapped.PositionPointer - mapped.Position);
            nint end = start + (nint)mapped.Length;
            nint page = Environment.SystemPageSize;
            start &= ~(page - 1);
            end = (end + page - 1) & ~(page - 1);
            if (InSharedReadOnlyFile(start, end))
            {
                _ = MAdvise(start, (nuint)(end - start), DontNeed);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            // No /proc or no madvise: the pages stay as they are.
        }
    }

    // Whether [start, end) lies in one mapping of /proc/self/maps that is a shared, read-only file mapping: dropping
    // its pages loses nothing (a private mapping's written pages would be lost).
    private static bool InSharedReadOnlyFile(nint start, nint end)
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // "7f0ded400000-7f0df0000000 r--s 00000000 fd:01 1234   /path/NearDup.Semantic.MiniLM.dll"
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            if (fields.Length < 6 || dash < 0
                || !long.TryParse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long low)
                || !long.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long high))
            {
                continue;
            }

            if (low <= start && start < high)
            {
                return end <= high && fields[1] is ['r', '-', _, 's'] && fields[5].TrimStart().StartsWith('/');
            }
        }

        return false;
    }

    private const int DontNeed = 4;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
