using NearDup.Text;

namespace NearDup.Group;

/// <summary>
/// Collects the words of each document, then weighs them as tf-idf (log tf × idf, Salton and Buckley 1988) into
/// <see cref="TermVectors"/>. Names and numbers weigh more (<see cref="GroupOptions.NameBoost"/>): they tell one event
/// from another of its kind. <c>Add</c> is thread-safe for distinct ordinals.
/// </summary>
public sealed class TermVectorBuilder
{
    private readonly (ulong Term, float Count)[][] counts;
    private readonly double nameBoost;

    /// <param name="documentCount">Documents are ordinals 0 .. documentCount - 1; one never added has no terms.</param>
    /// <param name="nameBoost">Extra count of a capitalized word or a number; 0 weighs all words alike.</param>
    public TermVectorBuilder(int documentCount, double nameBoost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentCount);
        if (!(nameBoost >= 0) || double.IsInfinity(nameBoost))
        {
            throw new ArgumentOutOfRangeException(nameof(nameBoost), nameBoost, "nameBoost must be a finite number ≥ 0.");
        }

        counts = new (ulong, float)[documentCount][];
        Array.Fill(counts, []);
        this.nameBoost = nameBoost;
    }

    /// <summary>Counts the words of document <paramref name="ordinal"/> (replacing any earlier count).</summary>
    public void Add(int ordinal, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Add(ordinal, text, Tokenizer.Tokenize(text));
    }

    /// <summary>Counts the given tokens of <paramref name="text"/> as document <paramref name="ordinal"/>.</summary>
    public void Add(int ordinal, string text, ReadOnlySpan<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if ((uint)ordinal >= (uint)counts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"ordinal must be in 0..{counts.Length - 1}.");
        }

        var tf = new Dictionary<ulong, float>(Math.Min(tokens.Length, 4096));
        foreach (var t in tokens)
        {
            char first = text[t.Start];
            float add = char.IsUpper(first) || char.IsDigit(first) ? (float)(1 + nameBoost) : 1f;
            tf[t.Hash] = tf.GetValueOrDefault(t.Hash) + add;
        }

        var row = new (ulong, float)[tf.Count];
        int k = 0;
        foreach (var (term, count) in tf)
        {
            row[k++] = (term, count);
        }

        Array.Sort(row, static (x, y) => x.Item1.CompareTo(y.Item1));
        counts[ordinal] = row;
    }

    /// <summary>Weighs the counts: (1 + ln tf) × ln(n / df); rows keep the words some other document has too, L2-normalized
    /// over those (the share of the full norm they hold is kept for <see cref="TermVectors.FullCosine"/>).</summary>
    public TermVectors Build()
    {
        int n = counts.Length;
        var df = new Dictionary<ulong, int>();
        foreach (var row in counts)
        {
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
