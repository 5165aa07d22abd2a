using System.Collections.Concurrent;
using NearDup.Text;

namespace NearDup.Group;

/// <summary>
/// Collects the words of each document, then weighs them as tf-idf (log tf × idf, Salton and Buckley 1988) into
/// <see cref="TermVectors"/>. Names and numbers weigh more (<see cref="GroupOptions.NameBoost"/>): they tell one event
/// from another of its kind. <c>Add</c> is thread-safe for distinct ordinals, so a scan counts each document's words
/// as it tokenizes it for fingerprinting, and the text is not read or tokenized again.
/// </summary>
public sealed class TermVectorBuilder
{
    [ThreadStatic]
    private static CountTable? countTable;

    private readonly Lock gate = new();
    private readonly double nameBoost;

    // Words are numbered as first seen (8 bytes a counted word instead of 16); rows stay in hash order, so the
    // vectors built are the same as with hashes.
    private readonly ConcurrentDictionary<ulong, int> termIds = new();
    private ulong[] termHashes = new ulong[1024];
    private int termCount;
    private (int Term, float Count)[][] counts;
    private int documentCount;

    /// <param name="documentCount">Documents are ordinals 0 .. documentCount - 1 (more when a larger ordinal is added);
    /// one never added has no terms.</param>
    /// <param name="nameBoost">Extra count of a capitalized word or a number; 0 weighs all words alike.</param>
    public TermVectorBuilder(int documentCount, double nameBoost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentCount);
        if (!(nameBoost >= 0) || double.IsInfinity(nameBoost))
        {
            throw new ArgumentOutOfRangeException(nameof(nameBoost), nameBoost, "nameBoost must be a finite number ≥ 0.");
        }

        counts = new (int, float)[Math.Max(documentCount, 16)][];
        Array.Fill(counts, []);
        this.documentCount = documentCount;
        this.nameBoost = nameBoost;
    }

    /// <summary>Counts the words of document <paramref name="ordinal"/> (replacing any earlier count).</summary>
    public void Add(int ordinal, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Add(ordinal, text, Tokenizer.Tokenize(text));
    }

    /// <summary>Counts the given tokens of <paramref name="text"/> as document <paramref name="ordinal"/> (replacing any
    /// earlier count); an ordinal past the count given at construction adds documents.</summary>
    public void Add(int ordinal, string text, ReadOnlySpan<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        Add(ordinal, text.AsSpan(), tokens);
    }

    /// <summary>Counts the given tokens of <paramref name="text"/> as document <paramref name="ordinal"/>.</summary>
    public void Add(int ordinal, ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);

        // Count in a per-thread hash table, then sort only the distinct words (about half the tokens of an article).
        var table = countTable ??= new CountTable();
        float nameWeight = (float)(1 + nameBoost);
        for (int i = 0; i < tokens.Length; i++)
        {
            char first = text[tokens[i].Start];
            table.Add(tokens[i].Hash, char.IsUpper(first) || char.IsDigit(first) ? nameWeight : 1f);
        }

        int distinct = table.Drain(out ulong[] keys, out float[] values);
        keys.AsSpan(0, distinct).Sort(values.AsSpan(0, distinct));
        var row = new (int, float)[distinct];
        for (int i = 0; i < distinct; i++)
        {
            row[i] = (TermId(keys[i]), values[i]);
        }

        if (table.IsLarge)
        {
            countTable = null;
        }

        lock (gate)
        {
            if (ordinal >= counts.Length)
            {
                int grown = Math.Max(ordinal + 1, counts.Length * 2);
                int old = counts.Length;
                Array.Resize(ref counts, grown);
                Array.Fill(counts, [], old, grown - old);
            }

            counts[ordinal] = row;
            documentCount = Math.Max(documentCount, ordinal + 1);
        }
    }

    private int TermId(ulong hash)
    {
        if (termIds.TryGetValue(hash, out int id))
        {
            return id;
        }

        lock (gate)
        {
            if (!termIds.TryGetValue(hash, out id))
            {
                if (termCount == termHashes.Length)
                {
                    Array.Resize(ref termHashes, termHashes.Length * 2);
                }

                id = termCount++;
                termHashes[id] = hash;
                termIds[hash] = id;
            }

            return id;
        }
    }

    /// <summary>Weighs the counts: (1 + ln tf) × ln(n / df); rows keep the words some other document has too, L2-normalized
    /// over those (the share of the full norm they hold is kept for <see cref="TermVectors.FullCosine"/>).</summary>
    public TermVectors Build()
    {
        int n = documentCount;
        var df = new int[termCount];
        ulong[] hashes = termHashes;
        for (int d = 0; d < n; d++)
        {
            var row = counts[d];
            foreach (var (term, _) in row)
            {
                df[term]++;
            }
        }

        // Rows are weighed in parallel (each needs only the document frequencies), straight into the flat arrays:
        // a first pass counts each row's kept words, so no per-row array is built and copied.
        var offsets = new int[n + 1];
        Parallel.For(0, n, d =>
        {
            int kept = 0;
            foreach (var (term, count) in counts[d])
            {
                int documents = df[term];
                double weight = (1 + Math.Log(count)) * Math.Log((double)n / documents);
                kept += documents < 2 || weight <= 0 ? 0 : 1;
            }

            offsets[d + 1] = kept;
        });
        for (int d = 0; d < n; d++)
        {
            offsets[d + 1] += offsets[d];
        }

        var terms = new ulong[offsets[n]];
        var weights = new float[offsets[n]];
        var frequency = new int[offsets[n]];
        var shared = new float[n];
        Parallel.For(0, n, d =>
        {
            int start = offsets[d];
            int kept = start;
            double norm = 0, full = 0;
            foreach (var (term, count) in counts[d])
            {
                int documents = df[term];
                double weight = (1 + Math.Log(count)) * Math.Log((double)n / documents);
                full += weight * weight;
                if (documents < 2 || weight <= 0)
                {
                    continue; // a word no other document has cannot join anything
                }

                terms[kept] = hashes[term];
                weights[kept] = (float)weight;
                frequency[kept] = documents;
                norm += weight * weight;
                kept++;
            }

            float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
            for (int k = start; k < kept; k++)
            {
                weights[k] *= scale;
            }

            shared[d] = full > 0 ? (float)Math.Sqrt(norm / full) : 0;
        });

        return new TermVectors(offsets, terms, weights, frequency, shared);
    }

    /// <summary>One thread's word counts of the document at hand: open addressing over the (well mixed) word hashes,
    /// grown with the distinct words (not the tokens), so a huge document costs its vocabulary.</summary>
    private sealed class CountTable
    {
        private const int InitialCapacity = 2048;

        private ulong[] keys = new ulong[InitialCapacity];
        private float[] values = new float[InitialCapacity];
        private bool[] used = new bool[InitialCapacity];
        private ulong[] distinctKeys = new ulong[InitialCapacity / 2];
        private float[] distinctValues = new float[InitialCapacity / 2];
        private int[] slots = new int[InitialCapacity / 2];
        private int count;
        private int mask = InitialCapacity - 1;

        /// <summary>True when a huge document grew the table: the thread should not keep it.</summary>
        public bool IsLarge => keys.Length > 1 << 16;

        public void Add(ulong hash, float weight)
        {
            int slot = (int)(hash >> 32) & mask;
            while (used[slot])
            {
                if (keys[slot] == hash)
                {
                    values[slot] += weight;
                    return;
                }

                slot = (slot + 1) & mask;
            }

            if (count == slots.Length)
            {
                Grow();
                Add(hash, weight);
                return;
            }

            used[slot] = true;
            keys[slot] = hash;
            values[slot] = weight;
            slots[count++] = slot;
        }

        // The distinct words and their counts, in first-seen order; the table is left empty.
        public int Drain(out ulong[] words, out float[] counts)
        {
            for (int i = 0; i < count; i++)
            {
                int slot = slots[i];
                distinctKeys[i] = keys[slot];
                distinctValues[i] = values[slot];
                used[slot] = false;
            }

            words = distinctKeys;
            counts = distinctValues;
            int n = count;
            count = 0;
            return n;
        }

        // Doubles the table (kept at most half full) and re-inserts the words in first-seen order.
        private void Grow()
        {
            int n = Drain(out ulong[] words, out float[] counts);
            ulong[] oldWords = words;
            float[] oldCounts = counts;
            int capacity = keys.Length * 2;
            keys = new ulong[capacity];
            values = new float[capacity];
            used = new bool[capacity];
            distinctKeys = new ulong[capacity / 2];
            distinctValues = new float[capacity / 2];
            slots = new int[capacity / 2];
            mask = capacity - 1;
            for (int i = 0; i < n; i++)
            {
                Add(oldWords[i], oldCounts[i]);
            }
        }
    }
}
