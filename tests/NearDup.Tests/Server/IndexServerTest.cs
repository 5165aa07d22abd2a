using System.Net;
using System.Text.Json;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Server;

public sealed class IndexServerTest
{
    private static readonly string Text = RandomText.Text(new Random(21), 150);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeds_ThroughTheService_003ListsItsSources_WithPassages_AndTheStoryHoldsThem()
    {
        await using var server = await RunningServer.StartAsync();
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new { id = Path.GetFileNameWithoutExtension(f)[..3], text = File.ReadAllText(f) }).ToList();
        JsonElement last = default;
        foreach (var seed in seeds)
        {
            var response = await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, seed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await Json(response);
            if (seed.id == "003")
            {
                last = json.GetProperty("documents")[0];
            }
        }

        Assert.Equal("added", last.GetProperty("status").GetString());
        var sources = last.GetProperty("relations").EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "shared_source").ToList();
        Assert.Equal(["001", "002"], sources.Select(r => r.GetProperty("a").GetString()));
        Assert.All(sources, r => Assert.True(r.GetProperty("passages").GetArrayLength() > 0));
        long story = last.GetProperty("story").GetInt64();

        var members = (await Json(await server.SendAsync(HttpMethod.Get, $"/v1/stories/{story}", server.ReadKey))).GetProperty("members");
        Assert.Equal(["001", "002", "003"], members.EnumerateArray().Select(m => m.GetString()));
        var doc = await Json(await server.SendAsync(HttpMethod.Get, "/v1/documents/003", server.ReadKey));
        Assert.Equal(seeds[3].text, doc.GetProperty("text").GetString());
        var relations = await Json(await server.SendAsync(HttpMethod.Get, "/v1/documents/001/relations", server.ReadKey));
        Assert.Equal(3, relations.GetProperty("relations").GetArrayLength());

        var match = await Json(await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey, new { id = "q", text = seeds[1].text }));
        Assert.Equal("matched", match.GetProperty("documents")[0].GetProperty("status").GetString());
        Assert.Equal(story, match.GetProperty("documents")[0].GetProperty("story").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await server.SendAsync(HttpMethod.Delete, "/v1/documents/003", server.WriteKey)).StatusCode);
        await AssertProblem(await server.SendAsync(HttpMethod.Get, "/v1/documents/003", server.ReadKey), HttpStatusCode.NotFound);
        await AssertProblem(await server.SendAsync(HttpMethod.Delete, "/v1/documents/003", server.WriteKey), HttpStatusCode.NotFound);
        await AssertProblem(await server.SendAsync(HttpMethod.Get, "/v1/stories/999", server.ReadKey), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_NoneWrongOrRevoked_Get401_AReadKeyWriting_Gets403()
    {
        await using var server = await RunningServer.StartAsync();
        var doc = new { id = "a", text = Text };

        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/match", null, doc), HttpStatusCode.Unauthorized);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey + "x", doc), HttpStatusCode.Unauthorized);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.RevokedKey, doc), HttpStatusCode.Unauthorized);
        await AssertProblem(await server.SendAsync(HttpMethod.Get, "/metrics", null), HttpStatusCode.Unauthorized);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.ReadKey, doc), HttpStatusCode.Forbidden);
        await AssertProblem(await server.SendAsync(HttpMethod.Delete, "/v1/documents/a", server.ReadKey), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey, doc)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, doc)).StatusCode);
        string metrics = await (await server.SendAsync(HttpMethod.Get, "/metrics", server.ReadKey)).Content.ReadAsStringAsync(Token);
        Assert.Contains("neardup_documents_added_total 1", metrics);
        Assert.Contains("neardup_requests_refused_total 6", metrics);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, "/health", null)).StatusCode);
        string openApi = await (await server.SendAsync(HttpMethod.Get, "/openapi/v1.json", null)).Content.ReadAsStringAsync(Token);
        Assert.Contains("/v1/match", openApi);
        Assert.Contains("/v1/stories/{id}", openApi);
    }

    [Fact]
    public async Task Refusals_TooLargeTooManyBadJsonMissingTextAndConflict_AreProblems()
    {
        await using var server = await RunningServer.StartAsync(o => o with { MaxRequestBytes = 64 * 1024, MaxDocumentChars = 5000, MaxBatchDocuments = 3 });

        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "big", text = new string('x', 100_000) }), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "long", text = new string('x', 6000) }), HttpStatusCode.RequestEntityTooLarge);
        var four = Enumerable.Range(0, 4).Select(i => new { id = $"d{i}", text = "t" }).ToArray();
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey, four), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, "{\"id\": \"a\", \"text\": "), HttpStatusCode.BadRequest);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "a" }), HttpStatusCode.BadRequest);
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, "{\"id\": \"a\", \"text\": \"x\", \"date\": \"not a date\"}"), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "a", text = Text })).StatusCode);
        var again = await Json(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "a", text = Text }));
        Assert.Equal("unchanged", again.GetProperty("documents")[0].GetProperty("status").GetString());
        await AssertProblem(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = "a", text = "other" }), HttpStatusCode.Conflict);

        // In a batch, each document gets its own status and the others are kept.
        var batch = await Json(await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey,
            new { documents = new object[] { new { id = "a", text = "other" }, new { id = "b", text = Text }, new { id = "c", text = new string('y', 6000) } } }));
        Assert.Equal(["conflict", "added", "rejected"], batch.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("status").GetString()));

        const string sqlId = "x'; DROP TABLE documents; --";
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Post, "/v1/documents", server.WriteKey, new { id = sqlId, text = "short" })).StatusCode);
        var doc = await Json(await server.SendAsync(HttpMethod.Get, "/v1/documents/" + Uri.EscapeDataString(sqlId), server.ReadKey));
        Assert.Equal(sqlId, doc.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RateLimit_PerKey_Gives429_AndOtherKeysGoOn()
    {
        await using var server = await RunningServer.StartAsync(o => o with { RequestsPerSecond = 1, Burst = 2 });
        var doc = new { id = "q", text = Text };
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            codes.Add((await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey, doc)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        var limited = await server.SendAsync(HttpMethod.Post, "/v1/match", server.ReadKey, doc);
        await AssertProblem(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Post, "/v1/match", server.WriteKey, doc)).StatusCode);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        string body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
    }
}
