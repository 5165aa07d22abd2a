using BenchmarkDotNet.Configs;

namespace NearDup.Benchmarks;

internal sealed class BenchConfig : ManualConfig
{
    public BenchConfig() => AddColumn(new ThroughputColumn());
}
