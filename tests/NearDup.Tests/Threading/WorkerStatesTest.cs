using System.Collections.Concurrent;
using NearDup.Threading;

namespace NearDup.Tests.Threading;

public class WorkerStatesTest
{
    [Fact]
    public void States_AreReusedAcrossReplicasAndLoops_AndEveryItemRunsOnce()
    {
        int made = 0;
        var states = new WorkerStates<int[]>(() =>
        {
            Interlocked.Increment(ref made);
            return new int[1];
        });
        var seen = new ConcurrentDictionary<int, int>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        for (int loop = 0; loop < 20; loop++)
        {
            states.For(0, 500, options, (i, state) =>
            {
                state[0]++; // a state is never used by two items at once
                seen.AddOrUpdate(i, 1, (_, n) => n + 1);
                Thread.SpinWait(200);
                state[0]--;
                Assert.Equal(0, state[0]);
            });
        }

        Assert.Equal(500, seen.Count);
        Assert.All(seen.Values, n => Assert.Equal(20, n));
        Assert.InRange(made, 1, 4); // Parallel.For alone makes one per replica: at least one per loop, 20 here
    }

    [Fact]
    public void ForEach_OverAPartitioner_HandsOutEveryRange()
    {
        var states = new WorkerStates<List<int>>(() => []);
        var seen = new ConcurrentBag<int>();
        states.ForEach(Partitioner.Create(0, 100, 7), new ParallelOptions(), (range, _) =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                seen.Add(i);
            }
        });
        Assert.Equal(Enumerable.Range(0, 100), seen.Order());
    }
}
