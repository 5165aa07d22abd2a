using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NearDup.Semantic;

/// <summary>
/// Sentence vectors of one encoder, keyed by the sentence's exact text: in news a sentence recurs in every outlet that
/// runs the story, so a run encodes each distinct sentence once instead of once per document that holds it. One cache
/// per encoder serves every pass that encodes with it (document vectors, the screen, verification, the index).
/// </summary>
/// <remarks>
/// Holds the first <c>capacity</c> vectors met, in flat chunks allocated as it fills; a vector once held stays, so a
/// reader never sees it change. Thread-safe: lookups take no lock, additions one.
/// </remarks>
internal sealed class SentenceVectorCache
{
    // Vectors per chunk: a chunk stays below the large-object heap's worst fragmentation and is allocated only when used.
    private const int ChunkRows = 2048;

    // Sentences per encoder call when many are encoded at once: enough for the encoder's own batching by length.
    private const int SentencesPerCall = 256;

    private readonly ConcurrentDictionary<ulong, int> rows = new();
    private readonly float[]?[] chunks;
    private readonly Lock gate = new();
    private readonly int capacity;
    private int count; // ConcurrentDictionary.Count takes every lock: counted here instead

    public SentenceVectorCache(int dimension, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Dimension = dimension;
        this.capacity = capacity;
        chunks = new float[]?[(capacity + ChunkRows - 1) / ChunkRows];
    }

    public int Dimension { get; }

    /// <summary>Vectors held now.</summary>
    public int Count => Volatile.Read(ref count);

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

    /// <summary>The row of a sentence held (what <see cref="RowVector"/> reads), or false.</summary>
    public bool TryGetRow(ulong key, out int row) => rows.TryGetValue(key, out row);

    /// <summary>The vector in a row <see cref="TryGetRow"/> gave: it never changes while the cache lives.</summary>
    public ReadOnlySpan<float> RowVector(int row) => Row(row);

    /// <summary>Whether every sentence of <paramref name="keys"/> is held (and will be: a vector once held stays).</summary>
    public bool HoldsAll(ReadOnlySpan<ulong> keys)
    {
        foreach (ulong key in keys)
        {
            if (!rows.ContainsKey(key))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps a copy of <paramref name="vector"/> while there is room; a key held already keeps its vector.</summary>
    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"A vector of this cache has {Dimension} values, not {vector.Length}.", nameof(vector));
        }

        if (Count >= capacity || rows.ContainsKey(key))
        {
            return;
        }

        lock (gate)
        {
            if (count >= capacity || rows.ContainsKey(key))
            {
                return;
            }

            int row = count;
            chunks[row / ChunkRows] ??= new float[Math.Min(ChunkRows, capacity) * Dimension];
            vector.CopyTo(Row(row));

            // Published only once written: a reader that finds the key finds its vector.
            rows[key] = row;
            Volatile.Write(ref count, row + 1);
        }
    }

    /// <summary>
    /// Encodes the sentences of <paramref name="documents"/> this cache does not hold, each distinct one once (many
    /// per encoder call, calls spread over <paramref name="parallel"/>), and keeps them while there is room.
    /// </summary>
    /// <returns>The sentences encoded now, by key, with their vectors: <see cref="Vector"/> reads a sentence from them
    /// or from the cache (a full cache keeps no more).</returns>
    public Encoded EncodeMissing(ISentenceEncoder encoder, IReadOnlyList<(string Text, TextSpan[] Sentences, ulong[] Keys)> documents, ParallelOptions? parallel = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(documents);
        if (encoder.Dimension != Dimension)
        {
            throw new ArgumentException($"The encoder gives {encoder.Dimension} values, this cache holds {Dimension}.", nameof(encoder));
        }

        var fresh = new Dictionary<ulong, int>();
        var sentences = new List<string>();
        foreach (var (text, spans, keys) in documents)
        {
            for (int s = 0; s < keys.Length; s++)
            {
                if (!rows.ContainsKey(keys[s]) && fresh.TryAdd(keys[s], sentences.Count))
                {
                    sentences.Add(spans[s].Slice(text).ToString());
                }
            }
        }

        int dim = Dimension;
        var vectors = new float[sentences.Count * dim];
        int calls = (sentences.Count + SentencesPerCall - 1) / SentencesPerCall;
        if (parallel is null || calls <= 1)
        {
            for (int c = 0; c < calls; c++)
            {
                EncodeCall(c);
            }
        }
        else
        {
            Parallel.For(0, calls, parallel, EncodeCall);
        }

        foreach (var (key, row) in fresh)
        {
            Add(key, vectors.AsSpan(row * dim, dim));
        }

        return new Encoded(fresh, vectors, sentences.Count);

        void EncodeCall(int c)
        {
            int first = c * SentencesPerCall, n = Math.Min(SentencesPerCall, sentences.Count - first);
            encoder.Encode(sentences.GetRange(first, n), vectors.AsSpan(first * dim, n * dim));
        }
    }

    /// <summary>The vector of a sentence: encoded just now, else held.</summary>
    public ReadOnlySpan<float> Vector(ulong key, Encoded encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Rows.TryGetValue(key, out int row))
        {
            return encoded.Vectors.AsSpan(row * Dimension, Dimension);
        }

        return TryGet(key, out var vector)
            ? vector
            : throw new InvalidOperationException("A sentence was neither encoded nor held: it was not among the documents given to EncodeMissing.");
    }

    /// <summary>
    /// The vectors of one document's sentences, one row each, encoding only those not held (the per-document form of
    /// <see cref="EncodeMissing"/>).
    /// </summary>
    public float[] Vectors(ISentenceEncoder encoder, string text, TextSpan[] sentences, ulong[] keys)
    {
        var encoded = EncodeMissing(encoder, [(text, sentences, keys)]);
        var own = new float[keys.Length * Dimension];
        for (int s = 0; s < keys.Length; s++)
        {
            Vector(keys[s], encoded).CopyTo(own.AsSpan(s * Dimension, Dimension));
        }

        return own;
    }

    /// <summary>The keys of a text's sentences.</summary>
    public static ulong[] Keys(string text, ReadOnlySpan<TextSpan> sentences)
    {
        var keys = new ulong[sentences.Length];
        for (int s = 0; s < keys.Length; s++)
        {
            keys[s] = Key(sentences[s].Slice(text));
        }

        return keys;
    }

    private Span<float> Row(int row) => chunks[row / ChunkRows]!.AsSpan(row % ChunkRows * Dimension, Dimension);

    /// <summary>Sentences encoded by one <see cref="EncodeMissing"/> call.</summary>
    /// <param name="Rows">Row of each sentence encoded, by key.</param>
    /// <param name="Vectors">Their vectors, one row each.</param>
    /// <param name="Count">Sentences the encoder ran on.</param>
    internal sealed record Encoded(Dictionary<ulong, int> Rows, float[] Vectors, int Count);
}
