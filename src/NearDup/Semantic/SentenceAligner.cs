using NearDup.Text;

namespace NearDup.Semantic;

/// <summary>
/// Aligns the sentences of two documents by meaning: a monotone dynamic program (as in Gale &amp; Church 1993 and
/// Bertalign, with sentence-embedding similarity in place of length) over 1–1, 2–1 and 1–2 matches, each scored
/// by <see cref="ParaphraseScorer"/> probability above <see cref="SemanticOptions.AlignMinProbability"/>; then
/// moved sentences, matched out of order at a stricter probability.
/// </summary>
/// <remarks>Cost is O(n·m) in the sentence counts; only the first <see cref="MaxSentences"/> of each side align.</remarks>
internal sealed class SentenceAligner
{
    /// <summary>Sentences per document considered (bounds time and memory on hostile input).</summary>
    public const int MaxSentences = 2000;

    // Probabilities are computed only above this cosine: below it no MRPC-fitted pair reaches 0.5 unless the words agree,
    // and a word-identical pair has cosine near 1.
    private const float PrefilterCosine = 0.3f;
    private const double MergeWeight = 1.5; // a merge covers two sentences, so it may outscore one 1–1 match
    private readonly SemanticOptions options;

    public SentenceAligner(SemanticOptions? options = null)
    {
        this.options = options ?? new();
        this.options.Validate();
    }

    /// <summary>The aligned sentence pairs of <paramref name="a"/> and <paramref name="b"/>: in order of A, moved pairs last.</summary>
    /// <param name="minProbability">Least probability of a pair in order; default <see cref="SemanticOptions.AlignMinProbability"/>
    /// (lower to propose pairs for a <see cref="IParaphraseVerifier"/>).</param>
    public IReadOnlyList<AlignedSentences> Align(SemanticDocument a, SemanticDocument b, double? minProbability = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dimension != b.Dimension)
        {
            throw new ArgumentException($"Documents were encoded at different dimensions ({a.Dimension} vs {b.Dimension}).", nameof(b));
        }

        int n = Math.Min(a.Count, MaxSentences);
        int m = Math.Min(b.Count, MaxSentences);
        if (n == 0 || m == 0)
        {
            return [];
        }

        var cosine = new float[n * m];
        var probability = new float[n * m];
        for (int i = 0; i < n; i++)
        {
            var va = a.SentenceVector(i);
            for (int j = 0; j < m; j++)
            {
                float c = SemanticVector.Dot(va, b.SentenceVector(j));
                cosine[(i * m) + j] = c;
                probability[(i * m) + j] = c < PrefilterCosine ? 0f
                    : (float)options.Scorer.Probability(c, LexicalOverlap.Compute(a.Words[i], b.Words[j], a.Numbers[i], b.Numbers[j]));
            }
        }

        var pairs = new List<AlignedSentences>();
        var usedA = new bool[n];
        var usedB = new bool[m];
        foreach (var (i, ca, j, cb) in Monotone(a, b, n, m, cosine, probability, minProbability ?? options.AlignMinProbability))
        {
            pairs.Add(Pair(a, b, i, ca, j, cb, inOrder: true));
            usedA.AsSpan(i, ca).Fill(true);
            usedB.AsSpan(j, cb).Fill(true);
        }

        AddMoved(a, b, n, m, probability, usedA, usedB, pairs);
        return pairs;
    }

    // Best-scoring monotone path; moves: skip a sentence of A or B, or match 1–1, 2–1, 1–2.
    private List<(int I, int CountA, int J, int CountB)> Monotone(SemanticDocument a, SemanticDocument b, int n, int m, float[] cosine, float[] probability, double tau)
    {
        var score = new double[(n + 1) * (m + 1)];
        var move = new byte[(n + 1) * (m + 1)];
        int w = m + 1;
        for (int i = 0; i <= n; i++)
        {
            for (int j = 0; j <= m; j++)
            {
                if (i == 0 && j == 0)
                {
                    continue;
                }

                double best = double.NegativeInfinity;
                byte from = 0;
                if (i > 0 && score[((i - 1) * w) + j] > best)
                {
                    best = score[((i - 1) * w) + j];
                    from = 1;
                }

                if (j > 0 && score[(i * w) + j - 1] > best)
                {
                    best = score[(i * w) + j - 1];
                    from = 2;
                }

                if (i > 0 && j > 0)
                {
                    double p = probability[((i - 1) * m) + j - 1];
                    if (p >= tau && score[((i - 1) * w) + j - 1] + (p - tau) > best)
                    {
                        best = score[((i - 1) * w) + j - 1] + (p - tau);
                        from = 3;
                    }
                }

                if (i > 1 && j > 0)
                {
                    double g = MergeGain(a, i - 2, b, j - 1, cosine[((i - 2) * m) + j - 1], cosine[((i - 1) * m) + j - 1], mergeA: true, tau);
                    if (g > 0 && score[((i - 2) * w) + j - 1] + g > best)
                    {
                        best = score[((i - 2) * w) + j - 1] + g;
                        from = 4;
                    }
                }

                if (i > 0 && j > 1)
                {
                    double g = MergeGain(b, j - 2, a, i - 1, cosine[((i - 1) * m) + j - 2], cosine[((i - 1) * m) + j - 1], mergeA: false, tau);
                    if (g > 0 && score[((i - 1) * w) + j - 2] + g > best)
                    {
                        best = score[((i - 1) * w) + j - 2] + g;
                        from = 5;
                    }
                }

                score[(i * w) + j] = best;
                move[(i * w) + j] = from;
            }
        }

        var path = new List<(int, int, int, int)>();
        int x = n, y = m;
        while (x > 0 || y > 0)
        {
            switch (move[(x * w) + y])
            {
                case 1: x--; break;
                case 2: y--; break;
                case 3: path.Add((x - 1, 1, y - 1, 1)); x--; y--; break;
                case 4: path.Add((x - 2, 2, y - 1, 1)); x -= 2; y--; break;
                case 5: path.Add((x - 1, 1, y - 2, 2)); x--; y -= 2; break;
                default: throw new InvalidOperationException("Alignment back-pointer missing.");
            }
        }

        path.Reverse();
        return path;
    }

    // Gain of matching sentences first, first+1 of `two` with sentence `one` of `single`, or 0 when no better than apart.
    private double MergeGain(SemanticDocument two, int first, SemanticDocument single, int one, float cosFirst, float cosSecond, bool mergeA, double tau)
    {
        if (cosFirst < options.MergePartMinCosine || cosSecond < options.MergePartMinCosine)
        {
            return 0;
        }

        Span<float> merged = stackalloc float[two.Dimension];
        merged.Clear();
        SemanticVector.AddScaled(merged, two.SentenceVector(first), 1f);
        SemanticVector.AddScaled(merged, two.SentenceVector(first + 1), 1f);
        SemanticVector.Normalize(merged);
        float c = SemanticVector.Dot(merged, single.SentenceVector(one));
        ulong[] words = Union(two.Words[first], two.Words[first + 1]);
        ulong[] numbers = Union(two.Numbers[first], two.Numbers[first + 1]);
        var overlap = mergeA
            ? LexicalOverlap.Compute(words, single.Words[one], numbers, single.Numbers[one])
            : LexicalOverlap.Compute(single.Words[one], words, single.Numbers[one], numbers);
        double p = options.Scorer.Probability(c, overlap);
        return p >= tau ? MergeWeight * (p - tau) : 0;
    }

    private void AddMoved(SemanticDocument a, SemanticDocument b, int n, int m, float[] probability, bool[] usedA, bool[] usedB, List<AlignedSentences> pairs)
    {
        var moved = new List<(float P, int I, int J)>();
        for (int i = 0; i < n; i++)
        {
            if (usedA[i])
            {
                continue;
            }

            for (int j = 0; j < m; j++)
            {
                float p = probability[(i * m) + j];
                if (!usedB[j] && p >= options.OutOfOrderMinProbability)
                {
                    moved.Add((p, i, j));
                }
            }
        }

        moved.Sort((x, y) => y.P.CompareTo(x.P));
        foreach (var (_, i, j) in moved)
        {
            if (!usedA[i] && !usedB[j])
            {
                usedA[i] = usedB[j] = true;
                pairs.Add(Pair(a, b, i, 1, j, 1, inOrder: false));
            }
        }
    }

    private AlignedSentences Pair(SemanticDocument a, SemanticDocument b, int i, int countA, int j, int countB, bool inOrder)
    {
        Span<float> va = stackalloc float[a.Dimension];
        Span<float> vb = stackalloc float[b.Dimension];
        ulong[] wordsA = a.Words[i], wordsB = b.Words[j], numbersA = a.Numbers[i], numbersB = b.Numbers[j];
        va.Clear();
        vb.Clear();
        for (int k = 0; k < countA; k++)
        {
            SemanticVector.AddScaled(va, a.SentenceVector(i + k), 1f);
        }

        for (int k = 0; k < countB; k++)
        {
            SemanticVector.AddScaled(vb, b.SentenceVector(j + k), 1f);
        }

        if (countA == 2)
        {
            wordsA = Union(wordsA, a.Words[i + 1]);
            numbersA = Union(numbersA, a.Numbers[i + 1]);
        }

        if (countB == 2)
        {
            wordsB = Union(wordsB, b.Words[j + 1]);
            numbersB = Union(numbersB, b.Numbers[j + 1]);
        }

        SemanticVector.Normalize(va);
        SemanticVector.Normalize(vb);
        float cosine = SemanticVector.Dot(va, vb);
        var overlap = LexicalOverlap.Compute(wordsA, wordsB, numbersA, numbersB);
        var spanA = new TextSpan(a.Sentences[i].Start, a.Sentences[i + countA - 1].End);
        var spanB = new TextSpan(b.Sentences[j].Start, b.Sentences[j + countB - 1].End);
        var runs = VerbatimRuns(a.Text, spanA, b.Text, spanB, options.MinVerbatimRunWords, out int inRuns, out int wordsInA, out int wordsInB);
        float shorterShare = inRuns / (float)Math.Max(1, Math.Min(wordsInA, wordsInB));
        float longerShare = inRuns / (float)Math.Max(1, Math.Max(wordsInA, wordsInB));
        var kind = longerShare >= options.VerbatimMinShare ? AlignedSentenceKind.Verbatim
            : shorterShare >= options.EditedMinShare ? AlignedSentenceKind.Edited
            : AlignedSentenceKind.Paraphrase;
        return new AlignedSentences(
            i, countA, j, countB, spanA, spanB, cosine, (float)options.Scorer.Probability(cosine, overlap), overlap.Jaccard, shorterShare, kind, inOrder, runs);
    }

    // Longest runs of identical normalized words, greedily, without overlap on either side.
    internal static List<(TextSpan A, TextSpan B)> VerbatimRuns(string textA, TextSpan spanA, string textB, TextSpan spanB, int minWords, out int wordsInRuns, out int wordsA, out int wordsB)
    {
        Token[] ta = Tokenizer.Tokenize(spanA.Slice(textA).ToString());
        Token[] tb = Tokenizer.Tokenize(spanB.Slice(textB).ToString());
        wordsA = ta.Length;
        wordsB = tb.Length;
        wordsInRuns = 0;
        var runs = new List<(int Length, int I, int J)>();
        for (int i = 0; i < ta.Length; i++)
        {
            for (int j = 0; j < tb.Length; j++)
            {
                if (ta[i].Hash != tb[j].Hash || (i > 0 && j > 0 && ta[i - 1].Hash == tb[j - 1].Hash))
                {
                    continue; // not equal, or not the start of a maximal run
                }

                int k = 1;
                while (i + k < ta.Length && j + k < tb.Length && ta[i + k].Hash == tb[j + k].Hash)
                {
                    k++;
                }

                if (k >= minWords)
                {
                    runs.Add((k, i, j));
                }
            }
        }

        runs.Sort((x, y) => y.Length.CompareTo(x.Length));
        var takenA = new bool[ta.Length];
        var takenB = new bool[tb.Length];
        var result = new List<(TextSpan, TextSpan)>();
        foreach (var (length, i, j) in runs)
        {
            if (takenA.AsSpan(i, length).Contains(true) || takenB.AsSpan(j, length).Contains(true))
            {
                continue;
            }

            takenA.AsSpan(i, length).Fill(true);
            takenB.AsSpan(j, length).Fill(true);
            wordsInRuns += length;
            result.Add((
                new TextSpan(spanA.Start + ta[i].Start, spanA.Start + ta[i + length - 1].End),
                new TextSpan(spanB.Start + tb[j].Start, spanB.Start + tb[j + length - 1].End)));
        }

        result.Sort((x, y) => x.Item1.Start.CompareTo(y.Item1.Start));
        return result;
    }

    private static ulong[] Union(ulong[] x, ulong[] y)
    {
        var result = new ulong[x.Length + y.Length];
        int i = 0, j = 0, n = 0;
        while (i < x.Length || j < y.Length)
        {
            if (j == y.Length || (i < x.Length && x[i] < y[j]))
            {
                result[n++] = x[i++];
            }
            else if (i == x.Length || y[j] < x[i])
            {
                result[n++] = y[j++];
            }
            else
            {
                result[n++] = x[i++];
                j++;
            }
        }

        return result.AsSpan(0, n).ToArray();
    }
}
