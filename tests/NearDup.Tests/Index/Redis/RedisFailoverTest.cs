using NearDup.Index;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Index.Redis;

/// <summary>Faults on a cluster of its own: a primary killed during ingest.</summary>
public sealed class RedisFailoverTest
{
    [Fact]
    public async Task APrimaryKilledDuringIngest_ItsReplicaTakesOver_AndNoAcknowledgedDocumentIsLost()
    {
        using var cluster = new RedisCluster();
        Assert.SkipWhen(cluster.Missing is not null, cluster.Missing ?? "");
        var token = TestContext.Current.CancellationToken;
        var options = cluster.Options("failover") with { ReplicasToAcknowledge = 1, RetryFor = TimeSpan.FromSeconds(60) };
        using var index = await NearDupIndex.OpenAsync(options, cancellationToken: token);
        string wire = RandomText.Text(new Random(5), 150);
        var acknowledged = new List<string>();
        for (int batch = 0; batch < 16; batch++)
        {
            if (batch == 4)
            {
                // The primary of the index-wide keys (counter, lock, journal): the hardest one to lose.
                cluster.Kill(cluster.PrimaryOf("{failover}:next"));
            }

            var docs = Enumerable.Range(0, 4).Select(i => new Document($"b{batch}-{i}", i == 0 ? wire + " " + batch : RandomText.Text(new Random(batch * 10 + i + 100), 80))).ToList();
            var outcomes = await index.AddAsync(docs, token);
            Assert.All(outcomes, o => Assert.Equal(IndexStatus.Added, o.Status));
            acknowledged.AddRange(docs.Select(d => d.Id));
        }

        foreach (string id in acknowledged)
        {
            Assert.NotNull(await index.GetAsync(id, token));
        }

        var stats = await index.StatsAsync(token);
        Assert.Equal(acknowledged.Count, stats.Documents);

        // The wire copies, one per batch, ended in one story across the failover.
        var story = (await index.GetAsync("b0-0", token))!.Story;
        Assert.Equal(16, (await index.StoryAsync(story, token))!.Members.Count);
    }
}
