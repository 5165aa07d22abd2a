using System.Runtime.InteropServices;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The C heap under ONNX Runtime. glibc keeps what a disposed session freed (its weights and arenas, ~150 MB for
/// MiniLM's two) for the process's next allocations instead of giving it back: unloading a model without a trim lowered
/// the dense 20k scan's working set by ~60 MB of them.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Gives the C heap's free pages back to the system (glibc's <c>malloc_trim</c>; nothing elsewhere).</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl and other C libraries without malloc_trim: their memory stays as it is.
        }
    }

    /// <summary>glibc's initial mmap threshold (128 KiB).</summary>
    public const int DefaultMmapThreshold = 128 * 1024;

    /// <summary>
    /// Fixes glibc's mmap threshold (<c>M_MMAP_THRESHOLD</c>; nothing elsewhere). Left dynamic, glibc raises it to the
    /// size of each mapped block freed (up to 32 MB), so the blocks ORT's arena frees and asks for again come from its
    /// per-thread heaps, which keep them; fixed, a block above it is mapped and unmapped as it comes and goes.
    /// </summary>
    public static void FixMmapThreshold(int bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallOpt(MmapThreshold, bytes);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl and other C libraries without mallopt: their threshold stays as it is.
        }
    }

    private const int MmapThreshold = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
