using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Semantic;

/// <summary>
/// A document as the semantic stage sees it: its sentences (spans of the original text), one unit vector per
/// sentence, the document vector (normalized mean of the sentence vectors), and each sentence's distinct word
/// hashes for lexical overlap.
/// </summary>
internal sealed class SemanticDocument
{
    private float[]? vector;

    // A screen document's sentence vectors where the cache holds them (its row, or ~i for row i of Vectors): not
    // copied into one buffer a document (dense 20k: ~50 MB of buffers live through the screen).
    private readonly SentenceVectorCache? heldRows;
    private readonly int[]? rows;

    private SemanticDocument(string text, TextSpan[] sentences, float[] vectors, int dimension, ulong[][] words, ulong[][] numbers, ulong[] sentenceKeys,
        SentenceVectorCache? heldRows = null, int[]? rows = null)
    {
        this.heldRows = heldRows;
        this.rows = rows;
        Text = text;
        SentenceKeys = sentenceKeys;
        SortedSentenceKeys = (ulong[])sentenceKeys.Clone();
        Array.Sort(SortedSentenceKeys);
        Sentences = sentences;
        Vectors = vectors;
        Dimension = dimension;
        Words = words;
        Numbers = numbers;
    }

    /// <summary>The original text; every span indexes into it (empty in a screen's document: <see cref="ForScreen"/>).</summary>
    public string Text { get; }

    /// <summary>The sentences, in order, as the <see cref="Segmenter"/> splits them.</summary>
    public TextSpan[] Sentences { get; }

    /// <summary>Sentence vectors, row-major: sentence <c>s</c> is <c>Vectors[s*Dimension .. (s+1)*Dimension)</c>;
    /// in a screen's document, only those of the sentences its cache does not hold (read them by <see cref="SentenceVector"/>).</summary>
    public float[] Vectors { get; }

    /// <summary>Length of each vector.</summary>
    public int Dimension { get; }

    /// <summary>The document vector: the normalized mean of the sentence vectors (zero for an empty text).</summary>
    /// <remarks>Summed on first read: the screen never reads it, and its documents live across windows.</remarks>
    public float[] Vector
    {
        get
        {
            if (vector is null)
            {
                var mean = new float[Dimension];
                for (int s = 0; s < Count; s++)
                {
                    SemanticVector.AddScaled(mean, SentenceVector(s), 1f);
                }

                SemanticVector.Normalize(mean);
                Volatile.Write(ref vector, mean); // two threads may both sum it: the same values, one array kept
            }

            return vector;
        }
    }

    public int Count => Sentences.Length;

    /// <summary>Sorted distinct word hashes (<see cref="Tokenizer.HashWord"/>) of each sentence.</summary>
    internal ulong[][] Words { get; }

    /// <summary>Sorted distinct hashes of each sentence's number tokens (words that start with a digit).</summary>
    internal ulong[][] Numbers { get; }

    /// <summary>
    /// Each sentence's word sequence as one hash (normalized words in order): equal keys in two documents are a
    /// sentence both hold word for word.
    /// </summary>
    internal ulong[] SentenceKeys { get; }

    /// <summary><see cref="SentenceKeys"/>, sorted, for membership tests.</summary>
    internal ulong[] SortedSentenceKeys { get; }

    /// <summary>Whether <paramref name="other"/> holds sentence <paramref name="index"/> of this document word for word.</summary>
    internal bool IsSharedWith(int index, SemanticDocument other) => Array.BinarySearch(other.SortedSentenceKeys, SentenceKeys[index]) >= 0;

    /// <summary>
    /// The normalized mean of the vectors of the sentences <paramref name="other"/> does not hold word for word:
    /// what this document says beyond the text the two share (zero when it shares everything), written to
    /// <paramref name="rest"/>.
    /// </summary>
    internal void RestVector(SemanticDocument other, Span<float> rest)
    {
        rest.Clear();
        for (int s = 0; s < Count; s++)
        {
            if (!IsSharedWith(s, other))
            {
                SemanticVector.AddScaled(rest, SentenceVector(s), 1f);
            }
        }

        SemanticVector.Normalize(rest);
    }

    /// <summary>The vector of sentence <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> SentenceVector(int index)
    {
        if (rows is null)
        {
            return Vectors.AsSpan(index * Dimension, Dimension);
        }

        int row = rows[index];
        return row >= 0 ? heldRows!.RowVector(row) : Vectors.AsSpan(~row * Dimension, Dimension);
    }

    /// <summary>The largest dot of <paramref name="vector"/> with the first <paramref name="count"/> sentence vectors,
    /// each equal bit for bit to <see cref="SemanticVector.Dot"/> (<see cref="SemanticVector.MaxDot"/>).</summary>
    internal float MaxSentenceDot(ReadOnlySpan<float> vector, int count)
    {
        if (rows is null)
        {
            return SemanticVector.MaxDot(vector, Vectors, count);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        float best = float.MinValue;
        int s = 0;
        for (; s + 4 <= count; s += 4)
        {
            best = Math.Max(best, SemanticVector.MaxDot4(vector, SentenceVector(s), SentenceVector(s + 1), SentenceVector(s + 2), SentenceVector(s + 3)));
        }

        for (; s < count; s++)
        {
            best = Math.Max(best, SemanticVector.Dot(vector, SentenceVector(s)));
        }

        return best;
    }

    /// <summary>Segments <paramref name="text"/> (unless <paramref name="segmentation"/> is given) and encodes each sentence.</summary>
    public static SemanticDocument Create(string text, ISentenceEncoder encoder, Segmentation? segmentation = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(encoder);
        segmentation ??= Segmenter.Segment(text);
        var sentences = new string[segmentation.Sentences.Length];
        for (int s = 0; s < sentences.Length; s++)
        {
            sentences[s] = segmentation.Sentences[s].Slice(text).ToString();
        }

        var vectors = new float[sentences.Length * encoder.Dimension];
        encoder.Encode(sentences, vectors);
        return Create(text, segmentation.Sentences, vectors, encoder.Dimension);
    }

    /// <summary>
    /// The document vector alone (what <see cref="Create(string, ISentenceEncoder, Segmentation?)"/> gives as
    /// <see cref="Vector"/>), without the per-sentence word sets a pair's alignment needs. With
    /// <paramref name="cache"/>, a sentence met before (by its exact text) is not encoded again.
    /// </summary>
    internal static float[] VectorOf(string text, ISentenceEncoder encoder, Segmentation segmentation, SentenceVectorCache? cache = null)
    {
        // Summed from the cache, not copied into one row per sentence first (a document's rows were most of what the
        // document-vector pass allocated).
        var spans = segmentation.Sentences;
        cache ??= new SentenceVectorCache(encoder.Dimension, Math.Max(1, spans.Length));
        var keys = SentenceVectorCache.Keys(text, spans);
        var encoded = cache.EncodeMissing(encoder, [(text, spans, keys)]);
        var vector = new float[encoder.Dimension];
        foreach (ulong key in keys)
        {
            SemanticVector.AddScaled(vector, cache.Vector(key, encoded), 1f);
        }

        SemanticVector.Normalize(vector);
        return vector;
    }

    /// <summary>As <see cref="Create(string, ISentenceEncoder, Segmentation?)"/>, each sentence met before (by its exact text) taken from <paramref name="cache"/>.</summary>
    internal static SemanticDocument Create(string text, ISentenceEncoder encoder, Segmentation segmentation, SentenceVectorCache cache) =>
        Create(text, segmentation.Sentences, SentenceVectors(text, encoder, segmentation, cache), encoder.Dimension);

    // Each sentence's vector, one row each, encoding only those the cache does not hold.
    private static float[] SentenceVectors(string text, ISentenceEncoder encoder, Segmentation segmentation, SentenceVectorCache? cache)
    {
        var spans = segmentation.Sentences;
        cache ??= new SentenceVectorCache(encoder.Dimension, Math.Max(1, spans.Length));
        return cache.Vectors(encoder, text, spans, SentenceVectorCache.Keys(text, spans));
    }

    /// <summary>Wraps sentence vectors computed elsewhere (e.g. in one batch over many documents).</summary>
    public static SemanticDocument Create(string text, TextSpan[] sentences, float[] vectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length != sentences.Length * dimension)
        {
            throw new ArgumentException($"{sentences.Length} sentences of dimension {dimension} need {sentences.Length * dimension} floats, got {vectors.Length}.", nameof(vectors));
        }

        foreach (var span in sentences)
        {
            if (span.Start < 0 || span.End > text.Length || span.End < span.Start)
            {
                throw new ArgumentException($"Sentence span {span} lies outside the text (length {text.Length}).", nameof(sentences));
            }
        }

        Token[] tokens = Tokenizer.Tokenize(text);
        var words = new ulong[sentences.Length][];
        var numbers = new ulong[sentences.Length][];
        var keys = new ulong[sentences.Length];
        var set = new HashSet<ulong>();
        var digits = new HashSet<ulong>();
        for (int s = 0; s < sentences.Length; s++)
        {
            set.Clear();
            digits.Clear();
            var (first, end) = Segmenter.TokenRange(tokens, sentences[s]);
            ulong key = KeySeed;
            for (int t = first; t < end; t++)
            {
                key = (key ^ tokens[t].Hash) * KeyMultiplier;
                set.Add(tokens[t].Hash);
                if (char.IsAsciiDigit(text[tokens[t].Start]))
                {
                    digits.Add(tokens[t].Hash);
                }
            }

            keys[s] = key;
            words[s] = Sorted(set);
            numbers[s] = Sorted(digits);
        }

        return new SemanticDocument(text, sentences, vectors, dimension, words, numbers, keys);
    }

    /// <summary>
    /// A document for the screen, which reads vectors, sentence lengths and shared sentences only: no text (it would
    /// live as long as the document, across the screen's windows), no tokens, no word sets, and each sentence's key
    /// given (<see cref="SentenceVectorCache.Key"/>, its exact text: stricter than the word-sequence key, so the
    /// screen sets aside fewer sentences as shared and passes more pairs, never fewer).
    /// </summary>
    /// <param name="sentences">The sentences.</param>
    /// <param name="heldRows">The cache that holds the sentence vectors <paramref name="rows"/> points to.</param>
    /// <param name="rows">Each sentence's row in <paramref name="heldRows"/>, or <c>~i</c> for row <c>i</c> of
    /// <paramref name="vectors"/> (a sentence the cache does not hold).</param>
    /// <param name="vectors">The vectors of the sentences the cache does not hold, row-major.</param>
    /// <param name="dimension">Length of each vector.</param>
    /// <param name="sentenceKeys">Each sentence's key.</param>
    internal static SemanticDocument ForScreen(TextSpan[] sentences, SentenceVectorCache heldRows, int[] rows, float[] vectors, int dimension, ulong[] sentenceKeys)
    {
        var none = new ulong[sentences.Length][];
        Array.Fill(none, []);
        return new SemanticDocument(string.Empty, sentences, vectors, dimension, none, none, sentenceKeys, heldRows, rows);
    }

    // FNV-1a's offset basis and prime, over whole word hashes: order-sensitive, so a reordered sentence is not the same.
    private const ulong KeySeed = 14695981039346656037;
    private const ulong KeyMultiplier = 1099511628211;

    private static ulong[] Sorted(HashSet<ulong> set)
    {
        var array = new ulong[set.Count];
        set.CopyTo(array);
        Array.Sort(array);
        return array;
    }
}
