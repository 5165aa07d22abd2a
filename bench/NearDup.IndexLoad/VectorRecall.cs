using System.Diagnostics;
using System.Globalization;
using NearDup;
using NearDup.Index;
using NearDup.Read;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

/// <summary>
/// <c>IndexLoad recall CORPUS N [QUERIES=1000] [EF=128]</c>: the static-embedding vectors of the first N documents, searched
/// for each of QUERIES of them (as a new document under another id would be) with the index's HNSW graph and with the
/// exact search; prints recall of the exact top 5 with cosine at least 0.8 (the index's defaults) and the time per query.
/// </summary>
internal static class VectorRecall
{
    public static async Task<int> RunAsync(string corpus, int count, int queries, int efSearch)
    {
        var semantic = IndexOptions.From(ScanPresets.Lexical.WithStaticEmbeddings()).Semantic;
        var encoder = semantic.CandidateEncoder!;
        var texts = new List<string>(count);
        await foreach (var doc in DocumentReaders.Open(corpus).ReadAsync())
        {
            if (texts.Count == count)
            {
                break;
            }

            texts.Add(doc.Text);
        }

        var vectors = new float[texts.Count][];
        Parallel.For(0, texts.Count, i =>
        {
            var input = SemanticInput.Of(texts[i], semantic.MaxSentences);
            vectors[i] = SemanticDocument.VectorOf(input.Text, encoder, input.Segmentation);
        });

        var graph = new HnswGraph(encoder.Dimension, efSearch: efSearch);
        var exact = new SemanticCandidateFinder(encoder.Dimension);
        var build = Stopwatch.StartNew();
        foreach (var v in vectors)
        {
            graph.Add(v);
        }

        double buildSeconds = build.Elapsed.TotalSeconds;
        foreach (var v in vectors)
        {
            exact.Add(v);
        }

        var random = new Random(3);
        int found = 0, wanted = 0;
        double graphSeconds = 0, exactSeconds = 0;
        for (int q = 0; q < queries; q++)
        {
            var v = vectors[random.Next(vectors.Length)];
            long start = Stopwatch.GetTimestamp();
            var truth = exact.Query(v, semantic.Neighbours, semantic.MinDocumentCosine);
            exactSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            var approximate = graph.Query(v, semantic.Neighbours, semantic.MinDocumentCosine);
            graphSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            var hits = approximate.Select(x => x.Index).ToHashSet();
            wanted += truth.Count;
            found += truth.Count(x => hits.Contains(x.Index));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{vectors.Length} vectors, ef {efSearch}, graph built in {buildSeconds:0.0} s ({vectors.Length / buildSeconds:0} a second); {queries} queries, top {semantic.Neighbours} at cosine >= {semantic.MinDocumentCosine}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recall {(double)found / Math.Max(1, wanted):0.0000} ({found} of {wanted}); per query: graph {graphSeconds * 1000 / queries:0.000} ms, exact {exactSeconds * 1000 / queries:0.000} ms"));
        return 0;
    }
}
