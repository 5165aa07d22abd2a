using System.Collections.Concurrent;
using NearDup.Pipeline;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;
using NearDup.Text;

namespace NearDup.Tests.Pipeline;

public class SemanticVerifyPairsTest
{
    private sealed class CountingEncoder(ISentenceEncoder inner) : ISentenceEncoder
    {
        public int Sentences;

        public int Dimension => inner.Dimension;

        public string Name => inner.Name;

        public void Encode(IReadOnlyList<string> sentences, Span<float> destination)
        {
            Interlocked.Add(ref Sentences, sentences.Count);
            inner.Encode(sentences, destination);
        }
    }

    private static (TextStore Texts, List<SemanticCandidate> Pairs) Corpus(int documents, int pairCount)
    {
        var texts = new TextStore();
        var random = new Random(7);
        for (int d = 0; d < documents; d++)
        {
            int sentences = 1 + random.Next(6);
            var parts = new List<string>();
            for (int s = 0; s < sentences; s++)
            {
                parts.Add($"Document {d} says in sentence {s} that the council met on day {random.Next(30)} about the harbour.");
            }

            texts.Add(string.Join(' ', parts));
        }

        var pairs = new HashSet<(int, int)>();
        while (pairs.Count < pairCount)
        {
            int a = random.Next(documents), b = random.Next(documents);
            if (a != b)
            {
                pairs.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        }

        return (texts, [.. pairs.Select(p => new SemanticCandidate(p.Item1, p.Item2, 0.9f))]);
    }

    [Theory]
    [InlineData(1024, 4096)] // everything fits: each document encoded once
    [InlineData(6, 8)] // tiny window and cache: documents evicted and encoded again, pairs still all verified
    public void EveryPair_IsRelated_OnceWithItsOwnDocuments(int window, int cap)
    {
        var (texts, pairs) = Corpus(60, 150);
        using var store = texts;
        var expected = new HashSet<(int, int)>(pairs.Select(p => (p.A, p.B)));
        var encoder = new CountingEncoder(StaticEmbeddingEncoder.Default);
        var seen = new ConcurrentDictionary<(int, int), int>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        int encoded = SemanticStage.VerifyPairs(pairs, texts, encoder, parallel, int.MaxValue, (k, da, db) =>
        {
            var pair = pairs[k];
            Assert.Equal(texts.Get(pair.A), da.Document.Text);
            Assert.Equal(texts.Get(pair.B), db.Document.Text);
            var alone = SemanticDocument.Create(texts.Get(pair.A), StaticEmbeddingEncoder.Default);
            Assert.Equal(alone.Vectors, da.Document.Vectors); // batched with other documents, same vectors
            Assert.Equal(Tokenizer.Tokenize(texts.Get(pair.B)), db.Tokens);
            seen.AddOrUpdate((pair.A, pair.B), 1, (_, n) => n + 1);
        }, windowDocuments: window, maxEncodedDocuments: cap);

        Assert.Equal(expected, seen.Keys.ToHashSet());
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        int distinct = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().Count();
        if (cap >= distinct)
        {
            Assert.Equal(distinct, encoded);
            int sentences = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct()
                .Sum(d => SemanticDocument.Create(texts.Get(d), StaticEmbeddingEncoder.Default).Count);
            Assert.Equal(sentences, encoder.Sentences);
        }
        else
        {
            Assert.True(encoded > distinct);
        }
    }

    [Theory]
    [InlineData(1 << 16)] // every sentence held: read in place from the cache
    [InlineData(3)] // a full cache: most sentences copied into the document's own buffer
    public void ScreenDocuments_ReadTheSentenceVectors_TheDocumentAloneHas(int cachedSentences)
    {
        var (texts, pairs) = Corpus(40, 100);
        using var store = texts;
        var cache = new SentenceVectorCache(StaticEmbeddingEncoder.Default.Dimension, cachedSentences);
        int related = 0;
        SemanticStage.VerifyPairs(pairs, texts, StaticEmbeddingEncoder.Default, new ParallelOptions { MaxDegreeOfParallelism = 2 }, int.MaxValue, (k, da, db) =>
        {
            var alone = SemanticDocument.Create(texts.Get(pairs[k].A), StaticEmbeddingEncoder.Default);
            Assert.Equal(alone.Count, da.Document.Count);
            for (int s = 0; s < alone.Count; s++)
            {
                Assert.Equal(alone.SentenceVector(s).ToArray(), da.Document.SentenceVector(s).ToArray());
            }

            // The best partner search over rows read in place is the one over rows end to end, bit for bit.
            var other = SemanticDocument.Create(texts.Get(pairs[k].B), StaticEmbeddingEncoder.Default);
            for (int s = 0; s < alone.Count; s++)
            {
                Assert.Equal(
                    BitConverter.SingleToInt32Bits(SemanticVector.MaxDot(alone.SentenceVector(s), other.Vectors, other.Count)),
                    BitConverter.SingleToInt32Bits(db.Document.MaxSentenceDot(da.Document.SentenceVector(s), db.Document.Count)));
            }

            Interlocked.Increment(ref related);
        }, windowDocuments: 6, maxEncodedDocuments: 8, sentenceCache: cache, screenOnly: true);

        Assert.Equal(pairs.Count, related);
    }

    [Fact]
    public void ReprintedSentences_AreEncodedOnce_EvenWhenTheirDocumentsAreEncodedAgain()
    {
        // Twenty documents made of the same four sentences in different orders: a tiny window and document cache
        // evict and re-encode documents, but the encoder sees each distinct sentence once.
        string[] pool =
        [
            "The council met on Tuesday about the harbour.",
            "Fishermen asked for a new breakwater before winter.",
            "The mayor said the budget would be ready in March.",
            "Residents of the old town want the ferry to run again.",
        ];
        using var texts = new TextStore();
        for (int d = 0; d < 20; d++)
        {
            texts.Add(string.Join(' ', Enumerable.Range(0, 4).Select(i => pool[(i + d) % 4])));
        }

        var pairs = Enumerable.Range(0, 19).Select(d => new SemanticCandidate(d, d + 1, 0.9f)).ToList();
        var encoder = new CountingEncoder(StaticEmbeddingEncoder.Default);
        long reported = 0;
        int related = 0;
        int encoded = SemanticStage.VerifyPairs(pairs, texts, encoder, new ParallelOptions { MaxDegreeOfParallelism = 2 }, int.MaxValue, (k, da, db) =>
        {
            var alone = SemanticDocument.Create(texts.Get(pairs[k].A), StaticEmbeddingEncoder.Default);
            Assert.Equal(alone.Vectors, da.Document.Vectors);
            Interlocked.Increment(ref related);
        }, sentencesEncoded: n => reported += n, windowDocuments: 3, maxEncodedDocuments: 4);

        Assert.Equal(19, related);
        Assert.True(encoded >= 20);
        Assert.Equal(pool.Length, encoder.Sentences);
        Assert.Equal(pool.Length, reported);
    }

    [Fact]
    public void SentenceVectorCache_KeepsTheFirstItHasRoomFor_AndNeverChangesAVector()
    {
        var cache = new SentenceVectorCache(dimension: 2, capacity: 2);
        ulong a = SentenceVectorCache.Key("a"), b = SentenceVectorCache.Key("b"), c = SentenceVectorCache.Key("c");
        cache.Add(a, [1f, 0f]);
        cache.Add(a, [9f, 9f]); // held already: kept as it was
        cache.Add(b, [0f, 1f]);
        cache.Add(c, [0.5f, 0.5f]); // full: not kept
        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(a, out var va));
        Assert.Equal([1f, 0f], va.ToArray());
        Assert.False(cache.TryGet(c, out _));
        Assert.Throws<ArgumentException>(() => cache.Add(c, [1f, 2f, 3f]));
    }

    [Fact]
    public void SentenceVectorCache_EncodesEachMissingSentenceOnce_EvenWhenFull()
    {
        var encoder = new CountingEncoder(StaticEmbeddingEncoder.Default);
        var cache = new SentenceVectorCache(encoder.Dimension, capacity: 1);
        const string Text = "One fact. Another fact. One fact.";
        TextSpan[] spans = [new(0, 9), new(10, 23), new(24, 33)];
        var keys = SentenceVectorCache.Keys(Text, spans);
        Assert.Equal(keys[0], keys[2]);

        // Concurrently, as the document-vector pass does: the full cache still answers what it holds.
        var rows = new float[8][];
        Parallel.For(0, rows.Length, i => rows[i] = cache.Vectors(encoder, Text, spans, keys));
        Assert.Equal(1, cache.Count);
        int dim = encoder.Dimension;
        var expected = new float[2 * dim];
        StaticEmbeddingEncoder.Default.Encode(["One fact.", "Another fact."], expected);
        Assert.All(rows, r =>
        {
            Assert.Equal(expected.AsSpan(0, dim).ToArray(), r.AsSpan(0, dim).ToArray());
            Assert.Equal(expected.AsSpan(dim, dim).ToArray(), r.AsSpan(dim, dim).ToArray());
            Assert.Equal(r.AsSpan(0, dim).ToArray(), r.AsSpan(2 * dim, dim).ToArray());
        });

        // The sentence held is never encoded again; the one the full cache could not keep is, once per call.
        int before = encoder.Sentences;
        cache.Vectors(encoder, Text, spans, keys);
        Assert.Equal(before + 1, encoder.Sentences);
    }
}
