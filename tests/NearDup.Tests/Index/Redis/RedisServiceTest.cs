using System.Net;
using System.Text.Json;
using NearDup.Tests.Server;

namespace NearDup.Tests.Index.Redis;

/// <summary>Two `neardup serve` services (real HTTP on loopback) behind one index on a real Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisServiceTest(RedisCluster cluster)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoServices_OnOneIndex_EachAnswersWithWhatTheOtherAdded()
    {
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        string store = cluster.Url("svc" + Guid.NewGuid().ToString("N")[..12]);
        await using var a = await RunningServer.StartAsync(store: store);
        await using var b = await RunningServer.StartAsync(store: store, keysOf: a);
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new { id = Path.GetFileNameWithoutExtension(f)[..3], text = File.ReadAllText(f) }).ToList();

        // 001 and 002 through one service, 003 through the other: its answer lists both sources with passages.
        foreach (var seed in seeds.Where(s => s.id is "001" or "002"))
        {
            Assert.Equal(HttpStatusCode.OK, (await a.SendAsync(HttpMethod.Post, "/v1/documents", a.WriteKey, seed)).StatusCode);
        }

        var added = (await Json(await b.SendAsync(HttpMethod.Post, "/v1/documents", b.WriteKey, seeds.Single(s => s.id == "003")))).GetProperty("documents")[0];
        Assert.Equal("added", added.GetProperty("status").GetString());
        var sources = added.GetProperty("relations").EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "shared_source").ToList();
        Assert.Equal(["001", "002"], sources.Select(r => r.GetProperty("a").GetString()));
        Assert.All(sources, r => Assert.True(r.GetProperty("passages").GetArrayLength() > 0));
        long story = added.GetProperty("story").GetInt64();

        // The first service reads the story the second one grew, and matches into it.
        var members = (await Json(await a.SendAsync(HttpMethod.Get, $"/v1/stories/{story}", a.ReadKey))).GetProperty("members");
        Assert.Equal(["001", "002", "003"], members.EnumerateArray().Select(m => m.GetString()));
        var match = (await Json(await a.SendAsync(HttpMethod.Post, "/v1/match", a.ReadKey, new { id = "q", text = seeds.Single(s => s.id == "003").text }))).GetProperty("documents")[0];
        Assert.Equal(story, match.GetProperty("story").GetInt64());

        // The same document sent to both at once is added once.
        var copy = new { id = "copy", text = seeds.Single(s => s.id == "001").text + " Reprinted." };
        var both = await Task.WhenAll(
            a.SendAsync(HttpMethod.Post, "/v1/documents", a.WriteKey, copy),
            b.SendAsync(HttpMethod.Post, "/v1/documents", b.WriteKey, copy));
        var statuses = new List<string?>();
        foreach (var response in both)
        {
            statuses.Add((await Json(response)).GetProperty("documents")[0].GetProperty("status").GetString());
        }

        Assert.Equal(["added", "unchanged"], statuses.Order(StringComparer.Ordinal));

        // A removal through one service is seen by the other.
        Assert.Equal(HttpStatusCode.NoContent, (await b.SendAsync(HttpMethod.Delete, "/v1/documents/003", b.WriteKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.SendAsync(HttpMethod.Get, "/v1/documents/003", a.ReadKey)).StatusCode);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone();
    }
}
