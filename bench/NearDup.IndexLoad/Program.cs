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
// N may be a list (10000,100000,1000000): ingest pauses at each count to measure matching and the index there, so one
// run gives every size.
// `recall CORPUS N [QUERIES]` measures the HNSW graph of document vectors against the exact search (VectorRecall.cs).
// SEMANTIC (off, static or minilm, as neardup serve --semantic; default off) chooses meaning-level matching; STORIES
// words (default: stories also merge by word similarity, IndexOptions.Group) or copies (by copy relations only).
// IN_FLIGHT batches are posted at once (default 1).
// `match CORPUS QUERIES CLIENTS KEY URL[,URL...]` sends match requests to services already running (MatchLoad.cs).
// Usage: dotnet run -c Release --project bench/NearDup.IndexLoad -- CORPUS.jsonl N[,N...] [QUERIES=1000] [CLIENTS=4] [INDEX_DIR] [SEMANTIC=off] [STORIES=words] [IN_FLIGHT=1]
if (args.Length > 2 && args[0] == "recall")
{
    return await VectorRecall.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000,
        args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 128);
}

if (args.Length > 5 && args[0] == "match")
{
    return await MatchLoad.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args[4], args[5].Split(','));
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: NearDup.IndexLoad CORPUS.jsonl N[,N...] [QUERIES] [CLIENTS] [INDEX_DIR] [off|static|minilm] [words|copies] [IN_FLIGHT]");
    return 1;
}

string corpus = args[0];
int[] checkpoints = [.. args[1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Order()];
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
if (args.Length > 6 && args[6] == "copies")
{
    indexOptions = indexOptions with { Group = null }; // stories by copy relations only, no word counts
}

// Batches posted at once (default 1: each sent when the last is answered); 2 lets the next batch be read and
// fingerprinted while the last one is matched and committed, as a feeder with a request in flight would.
int inFlight = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 1;
var posting = new Queue<Task<int>>();

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

var served = app.Services.GetRequiredService<NearDupIndex>();
var sample = new List<Document>();
var random = new Random(1);
var batch = new List<object>(100);
long added = 0, sent = 0, posts = 0; // answered, posted; requests posted
double ingestSeconds = 0;
var matchCpuTotal = TimeSpan.Zero;
int checkpoint = 0;
var ingest = Stopwatch.StartNew();
var slices = new SliceReport();
await foreach (var doc in DocumentReaders.Open(corpus).ReadAsync())
{
    batch.Add(new { id = doc.Id, text = doc.Text });
    long seen = sent + batch.Count;
    if (sample.Count < queries)
    {
        sample.Add(doc);
    }
    else if (random.NextInt64(seen) < queries)
    {
        sample[random.Next(queries)] = doc; // a uniform sample of the documents added so far
    }

    if (batch.Count == 100 || seen == checkpoints[checkpoint])
    {
        // Requests sent at once on two connections reach the service in either order (it adds them in the order they
        // arrive): the next is sent once the service has taken the last one's turn (prepared it), as a feeder that
        // keeps a request in flight does when its requests are an add apart.
        while (posting.Count > 0 && served.Times.Calls(IndexStage.Prepare) < posts)
        {
            await Task.Delay(1);
        }

        posting.Enqueue(PostAsync(http, [.. batch]));
        posts++;
        sent += batch.Count;
        batch.Clear();
        while (posting.Count >= inFlight || (posting.Count > 0 && seen == checkpoints[checkpoint]))
        {
            added += await posting.Dequeue();
        }

        if (added > 0 && added % 10_000 == 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss} {added} documents, {added / (ingestSeconds + ingest.Elapsed.TotalSeconds):0} a second"));
        }

        if (added > 0 && added % 100_000 == 0)
        {
            slices.Report(added, served.Times);
        }
    }

    if (added == checkpoints[checkpoint])
    {
        await ReportAsync();
        if (++checkpoint == checkpoints.Length)
        {
            break;
        }

        ingest.Restart();
        slices.Resume(added, served.Times);
    }
}

if (checkpoint < checkpoints.Length)
{
    if (batch.Count > 0)
    {
        posting.Enqueue(PostAsync(http, [.. batch]));
    }

    while (posting.Count > 0)
    {
        added += await posting.Dequeue();
    }

    await ReportAsync();
}

await app.StopAsync();
await app.DisposeAsync();
return 0;

// Matching at the current size, then the index's counts and size, the rates, CPU and memory.
async Task ReportAsync()
{
    ingestSeconds += ingest.Elapsed.TotalSeconds;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var ingestCpuNow = cpu - matchCpuTotal;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {added} documents, {DateTime.UtcNow:HH:mm:ss} UTC"));
    Console.WriteLine("ingest stages: " + served.Times);
    var (latencies, matchSeconds) = await MatchLoad.TimeAsync(sample, clients, _ => http);
    long heap = GC.GetTotalMemory(false);
    long live = GC.GetTotalMemory(true); // a full collection: what is still reachable (counted as the match's CPU, not ingest's)
    var matchCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    matchCpuTotal += matchCpu;
    var s = await served.StatsAsync();
    var process = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"documents {s.Documents}, stories {s.Stories}, relations {s.Relations}, postings {s.Postings}, index {s.Bytes / 1048576.0:0.0} MB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest: {added} documents in {ingestSeconds:0.0} s, {added / ingestSeconds:0} documents/s (batches of 100)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"match: {latencies.Length} requests, {clients} clients, {latencies.Length / matchSeconds:0} requests/s, p50 {Percentile(latencies, 0.5):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU (user + system, service and clients): ingest {ingestCpuNow.TotalSeconds:0.0} s, this match {matchCpu.TotalSeconds:0.0} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"working set {process.WorkingSet64 / 1048576.0:0} MB, peak {process.PeakWorkingSet64 / 1048576.0:0} MB, managed heap {heap / 1048576.0:0} MB, live after a full collection {live / 1048576.0:0} MB (service and clients)"));
    Console.WriteLine("all stages after matching: " + served.Times);
}

static async Task<int> PostAsync(HttpClient http, List<object> batch)
{
    using var response = await http.PostAsJsonAsync("/v1/documents", new { documents = batch });
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsByteArrayAsync();
    return batch.Count;
}

static double Percentile(double[] sorted, double p) => MatchLoad.Percentile(sorted, p);
