using System.Collections.Concurrent;

namespace NearDup.Semantic;

/// <summary>
/// Sentence vectors by <see cref="SentenceVectorCache.Key"/>, filled from many threads at once while document vectors
/// are made: at most <c>capacity</c> are kept (the first met), so a corpus of distinct sentences costs a bounded
/// amount of memory and one where sentences recur (wire copy) encodes each once.
/// </summary>
internal sealed class ConcurrentSentenceVectors(int capacity)
{
    private readonly ConcurrentDictionary<ulong, float[]> vectors = new();
    private int count; // ConcurrentDictionary.Count takes every lock: counted here instead

    public bool TryGet(ulong key, out float[] vector) => vectors.TryGetValue(key, out vector!);

    /// <summary>Keeps <paramref name="vector"/> (not copied) while there is room.</summary>
    public void Add(ulong key, float[] vector)
    {
        if (Volatile.Read(ref count) < capacity && vectors.TryAdd(key, vector))
        {
            Interlocked.Increment(ref count);
        }
    }
}
