namespace NearDup.Pipeline;

/// <summary>
/// Gives the garbage of a scan's finished stages back to the system before a stage that allocates on top of what is
/// kept: ONNX Runtime's session and arenas (native memory, which cannot reuse the GC heap's freed pages) and the
/// furniture stage's reads. Left alone, the GC holds the earlier stages' freed memory committed until its own budget
/// runs out, which the semantic verification, allocating little on the managed heap, never does: on the dense 20k
/// corpus the live heap before verification was ~160 MB and the committed heap ~420 MB (docs/PERFORMANCE.md,
/// "Session 10: peak memory").
/// </summary>
internal static class StageMemory
{
    // Below this the heap is too small for a blocking collection to pay (small scans, tests).
    private const long MinHeapBytes = 64L << 20;

    /// <summary>A full, compacting collection that also decommits the freed memory at once, when the heap is large.</summary>
    public static void Release()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) >= MinHeapBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
