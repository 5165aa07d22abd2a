using System.Buffers;
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
    private readonly Lock gate = new();
    private readonly double nameBoost;
    private (ulong Term, float Count)[][] counts;
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

        counts = new (ulong, float)[Math.Max(documentCount, 16)][];
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

        // Sort the hashes with their weights, then count runs: rented buffers, one array per document.
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(tokens.Length);
        float[] adds = ArrayPool<float>.Shared.Rent(tokens.Length);
        (ulong, float)[] row;
        try
        {
            float nameWeight = (float)(1 + nameBoost);
            for (int i = 0; i < tokens.Length; i++)
            {
                char first = text[tokens[i].Start];
                hashes[i] = tokens[i].Hash;
                adds[i] = char.IsUpper(first) || char.IsDigit(first) ? nameWeight : 1f;
            }

            var keys = hashes.AsSpan(0, tokens.Length);
            var values = adds.AsSpan(0, tokens.Length);
            keys.Sort(values);
            int distinct = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                if (i == 0 || keys[i] != keys[i - 1])
                {
                    distinct++;
                }
            }

            row = new (ulong, float)[distinct];
            int at = -1;
            for (int i = 0; i < keys.Length; i++)
            {
                if (i == 0 || keys[i] != keys[i - 1])
                {
                    row[++at] = (keys[i], 0);
                }

                row[at].Item2 += values[i];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<float>.Shared.Return(adds);
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

    /// <summary>Weighs the counts: (1 + ln tf) × ln(n / df); rows keep the words some other document has too, L2-normalized
    /// over those (the share of the full norm they hold is kept for <see cref="TermVectors.FullCosine"/>).</summary>
    public TermVectors Build()
    {
        int n = documentCount;
        var df = new Dictionary<ulong, int>();
        for (int d = 0; d < n; d++)
        {
            var row = counts[d];
            foreach (var (term, _) in row)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        var offsets = new int[n + 1];
        var shared = new float[n];
        var terms = new List<ulong>();
        var weights = new List<float>();
        for (int d = 0; d < n; d++)
        {
            int start = terms.Count;
            double norm = 0, full = 0;
            foreach (var (term, count) in counts[d])
            {
                int documents = df[term];
                double w = (1 + Math.Log(count)) * Math.Log((double)n / documents);
                full += w * w;
                if (documents < 2)
                {
                    continue; // a word no other document has cannot join anything
                }

                if (w > 0)
                {
                    terms.Add(term);
                    weights.Add((float)w);
                    norm += w * w;
                }
            }

            float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
            for (int k = start; k < weights.Count; k++)
            {
                weights[k] *= scale;
            }

            shared[d] = full > 0 ? (float)Math.Sqrt(norm / full) : 0;
            offsets[d + 1] = terms.Count;
        }

        var frequency = new int[terms.Count];
        for (int k = 0; k < frequency.Length; k++)
        {
            frequency[k] = df[terms[k]];
        }

        return new TermVectors(offsets, [.. terms], [.. weights], frequency, shared);
    }
}
