namespace NearDup.Tests.Index.Redis;

/// <summary>The test classes that share one <see cref="RedisCluster"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisCluster>
{
    public const string Name = "redis cluster";
}
