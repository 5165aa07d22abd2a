using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NearDup;
using NearDup.Read;

/// <summary>
/// `match CORPUS QUERIES CLIENTS KEY URL[,URL...]`: match requests against services already running (e.g. several
/// `neardup serve --store redis://...` instances behind one index), spread over the URLs in turn by CLIENTS
/// concurrent clients; the queries are a uniform sample of the corpus (the documents indexed) under new ids. Prints
/// requests per second with p50 and p99, after a warm-up of 20 requests per URL that is not counted.
/// </summary>
internal static class MatchLoad
{
    public static async Task<int> RunAsync(string corpus, int queries, int clients, string key, string[] urls)
    {
        var sample = new List<Document>();
        var random = new Random(1);
        long seen = 0;
        await foreach (var doc in DocumentReaders.Open(corpus).ReadAsync())
        {
            seen++;
            if (sample.Count < queries)
            {
                sample.Add(doc);
            }
            else if (random.NextInt64(seen) < queries)
            {
                sample[random.Next(queries)] = doc;
            }
        }

        var https = urls.Select(url =>
        {
            var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return http;
        }).ToArray();
        foreach (var http in https)
        {
            for (int i = 0; i < 20; i++)
            {
                await MatchAsync(http, sample[i % sample.Count], "warm-");
            }
        }

        var (latencies, seconds) = await TimeAsync(sample, clients, i => https[i % https.Length]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"match: {latencies.Length} requests over {urls.Length} services, {clients} clients, {latencies.Length / seconds:0} requests/s, " +
            $"p50 {Percentile(latencies, 0.5):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
        foreach (var http in https)
        {
            http.Dispose();
        }

        return 0;
    }

    /// <summary>Sends a match request for each document of <paramref name="sample"/> from <paramref name="clients"/> concurrent clients; the latencies sorted, and the wall seconds.</summary>
    public static async Task<(double[] Latencies, double Seconds)> TimeAsync(List<Document> sample, int clients, Func<int, HttpClient> httpOf)
    {
        var latencies = new double[sample.Count];
        int next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sample.Count)
            {
                var one = Stopwatch.StartNew();
                await MatchAsync(httpOf(i), sample[i], "query-");
                latencies[i] = one.Elapsed.TotalMilliseconds;
            }
        })));
        double seconds = watch.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (latencies, seconds);
    }

    private static async Task MatchAsync(HttpClient http, Document doc, string prefix)
    {
        using var response = await http.PostAsJsonAsync("/v1/match", new { id = prefix + doc.Id, text = doc.Text });
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
