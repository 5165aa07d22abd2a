using System.Buffers;
using System.Runtime.CompilerServices;
using NearDup.Text;

namespace NearDup.Group;

/// <summary>
/// Collects the words of each document, then weighs them as tf-idf (log tf × idf, Salton and Buckley 1988) into
/// <see cref="TermVectors"/>. Names and numbers weigh more (<see cref="GroupOptions.NameBoost"/>): they tell one event
/// from another of its kind. <c>Add</c> is thread-safe for distinct ordinals, so a scan counts each document's words
/// as it tokenizes it for fingerprinting, and the text is not read or tokenized again.
/// </summary>
/// <remarks>Each distinct word gets a small integer id as it is first counted, kept with its plain and name counts in
/// one <c>int</c> (4 bytes a word of a document; the counts are held from reading to grouping, ~90 MB on 100,000 news
/// documents), so weighing needs no dictionary and the vectors index dense arrays.</remarks>
internal sealed class TermVectorBuilder
{
    private readonly Lock gate = new();
    private readonly double nameBoost;
    private readonly TermIds ids = new();
    private readonly float nameWeight;
    // Per document its words in hash order, packed (Pack), as a stretch of a slab: rows appended into slabs instead of
    // one array a document, so the collections during reading mark a slab where they marked ~60 rows (~90 MB on
    // 100,000 news documents, all kept until grouping).
    private RowAt[] rows;
    private readonly List<int[]> slabs = [];
    private int[] slab = [];
    private int slabUsed;
    private int documentCount;

    // Ints a slab: 64 KB, under the large-object threshold. 1 MB slabs (large-object heap, never copied) saved no more
    // collector time on synthetic 100k and lifted dense 20k's peak (median 301 -> 333 MB, loaded).
    private const int SlabLength = 1 << 14;

    private readonly record struct RowAt(int[] Slab, int Start, int Length)
    {
        public ReadOnlySpan<int> Span => Slab is null ? [] : Slab.AsSpan(Start, Length);
    }

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

        rows = new RowAt[Math.Max(documentCount, 16)];
        this.documentCount = documentCount;
        this.nameBoost = nameBoost;
        nameWeight = NameWeight(nameBoost);
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

        var table = CountSorted(text, tokens, out ulong[] hashes, out int[] slots, out int distinct);
        int[] wordIds = ArrayPool<int>.Shared.Rent(distinct);
        try
        {
            int length = distinct;
            for (int i = 0; i < distinct; i++)
            {
                wordIds[i] = ids.IdOf(hashes[i]); // given the first time any worker counts the word
                var (plain, names) = table.Tally(slots[i]);
                length += FitsPacked(wordIds[i], plain, names) ? 0 : 2;
            }

            var row = Reserve(ordinal, length);
            for (int i = 0, at = 0; i < distinct; i++)
            {
                var (plain, names) = table.Tally(slots[i]);
                at = Pack(row, at, wordIds[i], plain, names);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(wordIds);
            Release(table, hashes, slots);
        }
    }

    // Room for document ordinal's row of length ints, at the end of the current slab (a new one when it is full; a
    // row longer than a slab gets one of its own). An earlier row of the ordinal is left unused.
    private Span<int> Reserve(int ordinal, int length)
    {
        lock (gate)
        {
            if (ordinal >= rows.Length)
            {
                Array.Resize(ref rows, Math.Max(ordinal + 1, rows.Length * 2));
            }

            documentCount = Math.Max(documentCount, ordinal + 1);
            RowAt at;
            if (length > SlabLength)
            {
                var own = new int[length];
                slabs.Add(own);
                at = new RowAt(own, 0, length);
            }
            else
            {
                if (slabUsed + length > slab.Length)
                {
                    slab = new int[SlabLength];
                    slabs.Add(slab);
                    slabUsed = 0;
                }

                at = new RowAt(slab, slabUsed, length);
                slabUsed += length;
            }

            rows[ordinal] = at;
            return at.Slab.AsSpan(at.Start, length);
        }
    }

    /// <summary>
    /// The distinct words of <paramref name="tokens"/> by hash, ascending, each with its count; a capitalized word or
    /// a number counts 1 + <paramref name="nameBoost"/>. One row per document, the only allocation.
    /// </summary>
    internal static (ulong Hash, float Count)[] CountTerms(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, double nameBoost)
    {
        var table = CountSorted(text, tokens, out ulong[] hashes, out int[] slots, out int distinct);
        try
        {
            float nameWeight = NameWeight(nameBoost);
            var row = new (ulong, float)[distinct];
            for (int i = 0; i < distinct; i++)
            {
                var (plain, names) = table.Tally(slots[i]);
                row[i] = (hashes[i], Count(plain, names, nameWeight));
            }

            return row;
        }
        finally
        {
            Release(table, hashes, slots);
        }
    }

    // Counts the words of the tokens in the thread's table, then reads out the distinct ones by hash (into rented
    // arrays: give them back with Release): a news document has about half as many distinct words as tokens, and
    // sorting every token with its weight was a fifth of the fingerprint stage.
    private static TermTable CountSorted(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, out ulong[] hashes, out int[] slots, out int distinct)
    {
        var table = threadTerms ??= new TermTable();
        table.Clear();
        foreach (var token in tokens)
        {
            char first = text[token.Start];
            table.Add(token.Hash, IsName(first));
        }

        distinct = table.Count;
        hashes = ArrayPool<ulong>.Shared.Rent(distinct);
        slots = ArrayPool<int>.Shared.Rent(distinct);
        table.CopySorted(hashes, slots);
        return table;
    }

    // A capitalized word or a number: char.IsUpper or char.IsDigit, for ASCII by two range tests and no branch (whether
    // a word is capitalized is no pattern a predictor learns). Inlined into the counting loop; the rest is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsName(char first) => first < 128
        ? char.IsAsciiLetterUpper(first) | char.IsAsciiDigit(first)
        : IsNameBeyondAscii(first);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsNameBeyondAscii(char first) => char.IsUpper(first) || char.IsDigit(first);

    private static void Release(TermTable table, ulong[] hashes, int[] slots)
    {
        if (table.Capacity > MaxKeptTable)
        {
            threadTerms = null; // a huge document's table is not kept for the thread's next document
        }

        ArrayPool<ulong>.Shared.Return(hashes);
        ArrayPool<int>.Shared.Return(slots);
    }

    private static float NameWeight(double nameBoost) => (float)(1 + nameBoost);

    // Sums of 1 and 1 + nameBoost as the per-token sum gave them (exact for the default boost of 2).
    private static float Count(int plain, int names, float nameWeight) => plain + (names * nameWeight);

    // A word of a document in one int: id << 8 | names << 4 | plain, when the id is under 2^23 and both counts under
    // 16 (nearly every word of a news document); otherwise three: ~id (negative, which marks them), plain, names.
    // Distinct packed counts (names << 4 | plain).
    private const int PackedCounts = 256;

    private static bool FitsPacked(int id, int plain, int names) => id < 1 << 23 && plain < 16 && names < 16;

    private static int Pack(Span<int> row, int at, int id, int plain, int names)
    {
        if (FitsPacked(id, plain, names))
        {
            row[at] = (id << 8) | (names << 4) | plain;
            return at + 1;
        }

        row[at] = ~id;
        row[at + 1] = plain;
        row[at + 2] = names;
        return at + 3;
    }

    // The word at row[at]: its id and count; moves at past it.
    private int Unpack(ReadOnlySpan<int> row, ref int at, out float count)
    {
        int entry = row[at];
        if (entry >= 0)
        {
            at++;
            count = Count(entry & 15, (entry >> 4) & 15, nameWeight);
            return entry >> 8;
        }

        count = Count(row[at + 1], row[at + 2], nameWeight);
        at += 3;
        return ~entry;
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
        int known = ids.CopyTo(hashes, firstIds);
        Array.Sort(hashes, firstIds, 0, known);
        var rank = new int[known];
        for (int k = 0; k < known; k++)
        {
            rank[firstIds[k]] = k;
        }

        // Document frequencies counted by each worker apart, then summed.
        var df = new int[known];
        Parallel.For(0, n, () => new int[known], (d, loop, local) =>
        {
            var row = rows[d].Span;
            for (int at = 0; at < row.Length;)
            {
                local[rank[Unpack(row, ref at, out _)]]++;
            }

            return local;
        }, local =>
        {
            lock (gate)
            {
                for (int k = 0; k < local.Length; k++)
                {
                    df[k] += local[k];
                }
            }
        });

        // Rows are weighed in parallel straight into the flat arrays: first each row's kept words are counted (a word
        // no other document has, or one every document has, cannot join anything), then weighed into its place. Rows
        // weighed apart and then copied end to end held the vectors twice at the scan's peak (synthetic 100k).
        var offsets = new int[n + 1];
        Parallel.For(0, n, d =>
        {
            var row = rows[d].Span;
            int kept = 0;
            for (int at = 0; at < row.Length;)
            {
                kept += IsKept(df[rank[Unpack(row, ref at, out _)]], n) ? 1 : 0;
            }

            offsets[d + 1] = kept;
        });
        for (int d = 0; d < n; d++)
        {
            offsets[d + 1] += offsets[d];
        }

        // Weight's two factors from tables: ln(n / df) once a word, 1 + ln tf once a packed count (two logarithms a
        // posting were a tenth of the build). The products are Weight's, to the bit.
        var idf = new double[known];
        for (int k = 0; k < known; k++)
        {
            idf[k] = Math.Log((double)n / df[k]);
        }

        var packedTf = new double[PackedCounts];
        for (int packed = 1; packed < PackedCounts; packed++)
        {
            packedTf[packed] = 1 + Math.Log(Count(packed & 15, packed >> 4, nameWeight));
        }

        var terms = new int[offsets[n]];
        var weights = new float[offsets[n]];
        var shared = new float[n];
        Parallel.For(0, n, d =>
        {
            var row = rows[d].Span;
            var t = terms.AsSpan(offsets[d], offsets[d + 1] - offsets[d]);
            var w = weights.AsSpan(offsets[d], t.Length);
            int kept = 0;
            double norm = 0, full = 0;
            for (int at = 0; at < row.Length;)
            {
                int entry = row[at];
                int term = rank[Unpack(row, ref at, out float count)];
                int documents = df[term];
                double weight = entry >= 0 ? packedTf[entry & (PackedCounts - 1)] * idf[term] : Weight(count, n, documents);
                full += weight * weight;
                if (!IsKept(documents, n))
                {
                    continue;
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
        });

        if (release)
        {
            // Slabs hold many documents' rows: let go all at once, when every row is weighed.
            Array.Clear(rows);
            slabs.Clear();
            slab = [];
            slabUsed = 0;
            ids.Clear();
        }

        return new TermVectors(offsets, terms, weights, df, shared);
    }

    // A counted word (count ≥ 1, so 1 + ln tf > 0) weighs more than 0 exactly when some document lacks it (idf > 0);
    // kept when another document has it too.
    private static bool IsKept(int documents, int n) => documents >= 2 && documents < n;
}
