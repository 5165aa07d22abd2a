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

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
