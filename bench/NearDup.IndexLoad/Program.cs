using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NearDup;
using NearDup.Index;
using NearDup.Read;
using NearDup.Semantic.MiniLM;
using NearDup.Server;

// Load benchmark of the index service on loopback: ingest N documents of a JSON Lines corpus through
// POST /v1/documents (batches of 100, one writer), then POST /v1/match of Q indexed documents under new ids with C
// clients; prints ingest documents per second, match requests per second with p50/p99, index size and the
// process's peak working set (service and clients share the process).
// SEMANTIC (off, static or minilm, as neardup serve --semantic; default off) chooses meaning-level matching.
// Usage: dotnet run -c Release --project bench/NearDup.IndexLoad -- CORPUS.jsonl N [QUERIES=1000] [CLIENTS=4] [INDEX_DIR] [SEMANTIC=off]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: NearDup.IndexLoad CORPUS.jsonl N [QUERIES] [CLIENTS] [INDEX_DIR] [off|static|minilm]");
    return 1;
}

string corpus = args[0];
int count = int.Parse(args[1], CultureInfo.InvariantCulture);
int queries = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
int clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
string dir = args.Length > 4 ? args[4] : Path.Combine(Path.GetTempPath(), "neardup-indexload-" + Guid.NewGuid().ToString("N"));
var indexOptions = IndexOptions.From((args.Length > 5 ? args[5] : "off") switch
{
    "off" => ScanPresets.Lexical,
    "static" => ScanPresets.Lexical.WithStaticEmbeddings(),
    "minilm" => ScanPresets.Lexical.WithMiniLm(),
    var other => throw new ArgumentException($"semantic must be off, static or minilm, not '{other}'."),
});

string key;
using (var index = await NearDupIndex.OpenAsync(dir))
{
    key = (await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Write, "bench")).Key;
}

var app = IndexServer.Build(new ServerOptions { IndexDirectory = dir, Urls = "http://127.0.0.1:0", RequestsPerSecond = 1_000_000, Burst = 1_000_000 }, indexOptions);
await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

var sample = new List<Document>();
var random = new Random(1);
var batch = new List<object>(100);
long added = 0;
var ingest = Stopwatch.StartNew();
await foreach (var doc in DocumentReaders.Open(corpus).ReadAsync())
{
    if (added + batch.Count >= count)
    {
        break;
    }

    batch.Add(new { id = doc.Id, text = doc.Text });
    if (sample.Count < queries)
    {
        sample.Add(doc);
    }
    else if (random.Next(count) < queries)
    {
        sample[random.Next(queries)] = doc;
    }

    if (batch.Count == 100)
    {
        added += await PostAsync(http, batch);
        batch.Clear();
        if (added % 10_000 == 0)
        {
            Console.Error.WriteLine($"{added} documents, {added / ingest.Elapsed.TotalSeconds:0} a second");
        }
    }
}

if (batch.Count > 0)
{
    added += await PostAsync(http, batch);
}

double ingestSeconds = ingest.Elapsed.TotalSeconds;
var served = app.Services.GetRequiredService<NearDupIndex>();
var ingestCpu = Process.GetCurrentProcess().TotalProcessorTime;
Console.WriteLine("ingest stages: " + served.Times);
var latencies = new double[sample.Count];
int nextQuery = -1;
var matching = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref nextQuery)) < sample.Count)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/v1/match", new { id = "query-" + sample[i].Id, text = sample[i].Text });
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        latencies[i] = watch.Elapsed.TotalMilliseconds;
    }
})));
double matchSeconds = matching.Elapsed.TotalSeconds;
var matchCpu = Process.GetCurrentProcess().TotalProcessorTime - ingestCpu;
Console.WriteLine("all stages after matching: " + served.Times);
Array.Sort(latencies);
using (var index = await NearDupIndex.OpenAsync(dir))
{
    var s = await index.StatsAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"documents {s.Documents}, stories {s.Stories}, relations {s.Relations}, postings {s.Postings}, index {s.Bytes / 1048576.0:0.0} MB"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {added} documents in {ingestSeconds:0.0} s, {added / ingestSeconds:0} documents/s (batches of 100)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"match: {latencies.Length} requests, {clients} clients, {latencies.Length / matchSeconds:0} requests/s, p50 {Percentile(latencies, 0.5):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU (user + system, service and clients): ingest {ingestCpu.TotalSeconds:0.0} s, match {matchCpu.TotalSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set (service and clients): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
await app.StopAsync();
await app.DisposeAsync();
return 0;

static async Task<int> PostAsync(HttpClient http, List<object> batch)
{
    using var response = await http.PostAsJsonAsync("/v1/documents", new { documents = batch });
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsByteArrayAsync();
    return batch.Count;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
