using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NearDup.Evaluation.Synth;
using NearDup.Index;
using NearDup.Tests.Read;

namespace NearDup.Tests.Server;

/// <summary>
/// <c>neardup serve</c> as a real process, killed with SIGKILL in the middle of a stream of writes, several times:
/// every acknowledged write survives, no batch is half there, and the index answers as a clean rebuild would.
/// </summary>
public sealed class CrashTest : IDisposable
{
    private const int Kills = 4;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task KilledMidStream_AcknowledgedWritesSurvive_NoBatchIsHalfThere_AndTheIndexIsARebuild()
    {
        var token = TestContext.Current.CancellationToken;
        var documents = SyntheticCorpus.Generate(new SynthOptions { Count = 150, Seed = 3, CopyFraction = 0.5 }).Documents.ToList();
        var batches = documents.Chunk(3).ToList();
        string key;
        using (var index = await NearDupIndex.OpenAsync(folder.Path, cancellationToken: token))
        {
            key = (await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Write, "crash", token)).Key;
        }

        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(17);
        int next = 0;
        for (int round = 0; round <= Kills && next < batches.Count; round++)
        {
            using var server = await ServerProcess.StartAsync(folder.Path, token);
            using var client = new HttpClient { BaseAddress = server.Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            // The kill comes a few batches into the round, a moment after an acknowledgement, so that it lands while a
            // batch is in flight or between two: counted in batches, not in time, so a fast machine cannot finish first.
            int killAfter = round < Kills ? next + random.Next(3, 10) : int.MaxValue;
            var watch = Stopwatch.StartNew();
            var killer = Task.CompletedTask;
            while (next < batches.Count)
            {
                // The batch in flight when the kill came is sent again after the restart: adding is idempotent.
                var batch = batches[next];
                try
                {
                    using var response = await client.PostAsJsonAsync("/v1/documents", new { documents = batch.Select(d => new { id = d.Id, text = d.Text }) }, token);
                    response.EnsureSuccessStatusCode();
                }
                catch (HttpRequestException)
                {
                    break;
                }

                acknowledged.UnionWith(batch.Select(d => d.Id));
                next++;
                if (next == killAfter)
                {
                    int delay = random.Next(0, 5);
                    killer = Task.Run(async () => { await Task.Delay(delay, token); server.Kill(); }, token);
                }
            }

            await killer;
            Assert.True(round == Kills || next < batches.Count, $"round {round}: the stream ended before the kill after batch {killAfter}; {watch.Elapsed}");
        }

        Assert.Equal(documents.Count, acknowledged.Count);

        // After the last restart: every acknowledged document is there, and each batch is all there or not at all.
        using var stored = await NearDupIndex.OpenAsync(folder.Path, cancellationToken: token);
        var present = (await stored.Store.FindDocumentsAsync(documents.Select(d => d.Id).ToList(), false, token)).Select(d => d.Id).ToHashSet();
        Assert.Empty(acknowledged.Except(present));
        foreach (var batch in batches)
        {
            int there = batch.Count(d => present.Contains(d.Id));
            Assert.True(there == 0 || there == batch.Length, $"batch of {batch[0].Id}: {there} of {batch.Length} documents");
        }

        // A clean rebuild: the same documents added in the same order to a fresh index.
        var numbers = await stored.Store.ListDocumentsAsync(0, int.MaxValue, token);
        var kept = (await stored.Store.ReadDocumentsAsync(numbers, true, token)).OrderBy(d => d.Number).ToList();
        using var rebuilt = NearDupIndex.InMemory();
        foreach (var d in kept)
        {
            await rebuilt.AddAsync([new Document(d.Id, d.Text!)], token);
        }

        var (storedRelations, storedStories) = await Index.IndexStoreTest.Snapshot(stored);
        var (rebuiltRelations, rebuiltStories) = await Index.IndexStoreTest.Snapshot(rebuilt);
        Assert.NotEmpty(storedRelations);
        Assert.Equal(rebuiltRelations, storedRelations);
        Assert.Equal(rebuiltStories, storedStories);
        Assert.Equal((await rebuilt.StatsAsync(token)).Postings, (await stored.StatsAsync(token)).Postings);
    }

    /// <summary><c>dotnet NearDup.Cli.dll serve</c> on a free port, killed with SIGKILL or at dispose.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process process;

        private ServerProcess(Process process, Uri address)
        {
            this.process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<ServerProcess> StartAsync(string indexDirectory, CancellationToken cancellationToken)
        {
            string cli = Path.Combine(AppContext.BaseDirectory, "NearDup.Cli.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { cli, "serve", "--index", indexDirectory, "--urls", "http://127.0.0.1:0", "--requests-per-second", "100000", "--semantic", "off" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening on ", StringComparison.Ordinal))
                {
                    return new ServerProcess(process, new Uri(line["listening on ".Length..]));
                }
            }

            process.Kill();
            throw new InvalidOperationException($"neardup serve exited with {process.ExitCode} before listening");
        }

        /// <summary>SIGKILL: no shutdown, no flush.</summary>
        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            process.Dispose();
        }
    }
}
