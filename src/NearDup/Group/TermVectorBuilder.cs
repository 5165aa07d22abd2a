using System.Buffers;
using System.Collections.Concurrent;
using NearDup.Text;

namespace NearDup.Group;

/// <summary>
/// Collects the words of each document, then weighs them as tf-idf (log tf × idf, Salton and Buckley 1988) into
/// <see cref="TermVectors"/>. Names and numbers weigh more (<see cref="GroupOptions.NameBoost"/>): they tell one event
/// from another of its kind. <c>Add</c> is thread-safe for distinct ordinals, so a scan counts each document's words
/// as it tokenizes it for fingerprinting, and the text is not read or tokenized again.
/// </summary>
/// <remarks>Each distinct word gets a small integer id as it is first counted (8 bytes a word of a document instead of
/// 16), so weighing needs no dictionary and the vectors index dense arrays.</remarks>
internal sealed class TermVectorBuilder
{
    private readonly Lock gate = new();
    private readonly double nameBoost;
    private readonly ConcurrentDictionary<ulong, int> ids = new();
    private (int Id, float Count)[][] counts;
    private int documentCount;
    private int nextId;

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

        var hashed = CountTerms(text, tokens, nameBoost);
        var row = new (int Id, float Count)[hashed.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (IdOf(hashed[i].Hash), hashed[i].Count);
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

    /// <summary>
    /// The distinct words of <paramref name="tokens"/> by hash, ascending, each with its count; a capitalized word or
    /// a number counts 1 + <paramref name="nameBoost"/>. One row per document, the only allocation.
    /// </summary>
    internal static (ulong Hash, float Count)[] CountTerms(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, double nameBoost)
    {
        // Counted in a hash table (the thread's, reused), then only the distinct words are sorted: a news document
        // has about half as many distinct words as tokens, and sorting every token with its weight was a fifth of
        // the fingerprint stage.
        var table = threadTerms ??= new TermTable();
        table.Clear();
        foreach (var token in tokens)
        {
            char first = text[token.Start];
            table.Add(token.Hash, char.IsUpper(first) || char.IsDigit(first));
        }

        int distinct = table.Count;
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(distinct);
        int[] slots = ArrayPool<int>.Shared.Rent(distinct);
        try
        {
            table.CopyTo(hashes, slots);
            hashes.AsSpan(0, distinct).Sort(slots.AsSpan(0, distinct));
            float nameWeight = (float)(1 + nameBoost);
            var row = new (ulong, float)[distinct];
            for (int i = 0; i < distinct; i++)
            {
                var (plain, names) = table.Tally(slots[i]);
                // Sums of 1 and 1 + nameBoost as the per-token sum gave them (exact for the default boost of 2).
                row[i] = (hashes[i], plain + (names * nameWeight));
            }

            if (table.Capacity > MaxKeptTable)
            {
                threadTerms = null; // a huge document's table is not kept for the thread's next document
            }

            return row;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    // Largest word table a thread keeps between documents (slots).
    private const int MaxKeptTable = 1 << 16;

    [ThreadStatic]
    private static TermTable? threadTerms;

    /// <summary>The tf-idf weight of a word counted <paramref name="count"/> times in a document, held by
    /// <paramref name="documents"/> of <paramref name="n"/> documents: (1 + ln tf) × ln(n / df).</summary>
    internal static double Weight(float count, int n, int documents) => (1 + Math.Log(count)) * Math.Log((double)n / documents);

    /// <summary>Weighs the counts: (1 + ln tf) × ln(n / df); rows keep the words some other document has too, L2-normalized
    /// over those (the share of the full norm they hold is kept for <see cref="TermVectors.FullCosine"/>).</summary>
    public TermVectors Build() => Build(release: false);

    /// <summary>As <see cref="Build()"/>; with <paramref name="release"/> the counts are let go as they are weighed
    /// (the builder is empty after), so a scan does not hold them and the vectors at once.</summary>
    internal TermVectors Build(bool release)
    {
        int n = documentCount;

        // Term ids ranked by hash: rows were counted in hash order, so ranked rows are sorted and every cosine sums
        // its products in the order it did when terms were hashes.
        var hashes = new ulong[ids.Count];
        var firstIds = new int[hashes.Length];
        int known = 0;
        foreach (var (hash, id) in ids)
        {
            if (known == hashes.Length)
            {
                break; // Add is not called during Build; this only guards the copy
            }

            hashes[known] = hash;
            firstIds[known++] = id;
        }

        Array.Sort(hashes, firstIds, 0, known);
        var rank = new int[Volatile.Read(ref nextId)];
        for (int k = 0; k < known; k++)
        {
            rank[firstIds[k]] = k;
        }

        var df = new int[known];
        for (int d = 0; d < n; d++)
        {
            foreach (var (id, _) in counts[d])
            {
                df[rank[id]]++;
            }
        }

        // Rows are weighed in parallel (each needs only the document frequencies), then laid end to end.
        var rowTerms = new int[n][];
        var rowWeights = new float[n][];
        var shared = new float[n];
        Parallel.For(0, n, d =>
        {
            var row = counts[d];
            var t = new int[row.Length];
            var w = new float[row.Length];
            int kept = 0;
            double norm = 0, full = 0;
            foreach (var (id, count) in row)
            {
                int term = rank[id];
                int documents = df[term];
                double weight = Weight(count, n, documents);
                full += weight * weight;
                if (documents < 2 || weight <= 0)
                {
                    continue; // a word no other document has cannot join anything
                }

                t[kept] = term;
                w[kept] = (float)weight;
                norm += weight * weight;
                kept++;
            }

            float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
            for (int k = 0; k < kept; k++)
            {
                w[k] *= scale;
            }

            shared[d] = full > 0 ? (float)Math.Sqrt(norm / full) : 0;
            rowTerms[d] = kept == t.Length ? t : t[..kept];
            rowWeights[d] = kept == w.Length ? w : w[..kept];
            if (release)
            {
                counts[d] = [];
            }
        });

        if (release)
        {
            ids.Clear();
            Volatile.Write(ref nextId, 0);
        }

        var offsets = new int[n + 1];
        for (int d = 0; d < n; d++)
        {
            offsets[d + 1] = offsets[d] + rowTerms[d].Length;
        }

        var terms = new int[offsets[n]];
        var weights = new float[offsets[n]];
        Parallel.For(0, n, d =>
        {
            rowTerms[d].CopyTo(terms, offsets[d]);
            rowWeights[d].CopyTo(weights, offsets[d]);
            rowTerms[d] = null!;
            rowWeights[d] = null!;
        });

        return new TermVectors(offsets, terms, weights, df, shared);
    }

    // The word's id, given the first time any worker counts it (a lost race wastes an id, never splits a word).
    private int IdOf(ulong hash) =>
        ids.TryGetValue(hash, out int id) ? id : ids.GetOrAdd(hash, static (_, self) => Interlocked.Increment(ref self.nextId) - 1, this);
}
