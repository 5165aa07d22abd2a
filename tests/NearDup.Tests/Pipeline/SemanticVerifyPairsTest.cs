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
        int encoded = ScanPipeline.VerifyPairs(pairs, texts, encoder, parallel, int.MaxValue, (k, da, db) =>
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
}
