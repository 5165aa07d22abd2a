using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NearDup.Semantic;

/// <summary>
/// Sentence vectors of one encoder, keyed by the sentence's exact text: in news a sentence recurs in every outlet that
/// runs the story, so a run encodes each distinct sentence once instead of once per document that holds it.
/// </summary>
/// <remarks>
/// Holds at most <c>capacity</c> vectors, in chunks allocated as it fills; when full it starts over (documents are encoded in
/// order, so what a run needs next is mostly what it met last). Not thread-safe: fill it from one thread, read it
/// from many once filled.
/// </remarks>
internal sealed class SentenceVectorCache
{
    // Vectors per chunk: a chunk stays below the large-object heap's worst fragmentation and is allocated only when used.
    private const int ChunkRows = 2048;
    private readonly Dictionary<ulong, int> rows;
    private readonly List<float[]> chunks = [];
    private readonly int capacity;

    public SentenceVectorCache(int dimension, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Dimension = dimension;
        this.capacity = capacity;
        rows = [];
    }

    public int Dimension { get; }

    /// <summary>Vectors held now.</summary>
    public int Count => rows.Count;

    /// <summary>The key of a sentence: a 64-bit hash of its exact characters.</summary>
    public static ulong Key(ReadOnlySpan<char> sentence) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(sentence));

    /// <summary>The vector of a sentence held, or false.</summary>
    public bool TryGet(ulong key, out ReadOnlySpan<float> vector)
    {
        if (rows.TryGetValue(key, out int row))
        {
            vector = Row(row);
            return true;
        }

        vector = default;
        return false;
    }

    /// <summary>Room for <paramref name="count"/> more vectors, starting over when there is not.</summary>
    public void Reserve(int count)
    {
        if (rows.Count + count > capacity)
        {
            rows.Clear();
        }
    }

    /// <summary>Keeps a vector (after <see cref="Reserve"/>); a key held already keeps its vector.</summary>
    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        if (rows.Count >= capacity || rows.ContainsKey(key))
        {
            return;
        }

        int row = rows.Count;
        if (row / ChunkRows == chunks.Count)
        {
            chunks.Add(new float[ChunkRows * Dimension]);
        }

        vector.CopyTo(Row(row));
        rows.Add(key, row);
    }

    private Span<float> Row(int row) => chunks[row / ChunkRows].AsSpan(row % ChunkRows * Dimension, Dimension);
}
