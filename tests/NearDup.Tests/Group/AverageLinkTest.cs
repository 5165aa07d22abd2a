using System.Runtime.InteropServices;
using NearDup.Group;

namespace NearDup.Tests.Group;

// The merge's flat adjacency and queue must merge exactly as the dictionaries and PriorityQueue did (ties included:
// the queue orders them by the order pairs were pushed), so they are checked against that code, kept here.
public class AverageLinkTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ClusterPairQueue_OfTiedPriorities_DequeuesInPriorityQueuesOrder(int seed)
    {
        var random = new Random(seed);
        var expected = new PriorityQueue<(int, int, int), double>(16);
        var queue = new ClusterPairQueue(16);
        for (int step = 0; step < 20_000; step++)
        {
            if (random.Next(3) > 0 || expected.Count == 0)
            {
                double priority = -random.Next(1, 6) / 4.0;
                expected.Enqueue((step, random.Next(100), random.Next(100)), priority);
                queue.Enqueue(step, 0, 0, priority);
            }
            else
            {
                Assert.True(expected.TryDequeue(out var e, out double p));
                Assert.True(queue.TryDequeue(out var top));
                Assert.Equal(e.Item1, top.A);
                Assert.Equal(p, top.Priority);
            }
        }

        while (expected.TryDequeue(out var e, out _))
        {
            Assert.True(queue.TryDequeue(out var top));
            Assert.Equal(e.Item1, top.A);
        }

        Assert.False(queue.TryDequeue(out _));
    }

    [Theory]
    [InlineData(1, 40, 150)]
    [InlineData(2, 200, 1_500)]
    [InlineData(3, 300, 6_000)] // past the parallel fill's 4,096 edges
    [InlineData(4, 60, 1_200)] // dense: lists grow and move
    [InlineData(5, 1_000, 5_000)]
    public void AverageLink_OnGraphsWithTiesAndBonds_MergesAsTheDictionariesDid(int seed, int n, int edgeCount)
    {
        var random = new Random(seed);
        var grouper = new StoryGrouper(new GroupOptions { Threshold = 0.2 });
        for (int round = 0; round < 20; round++)
        {
            var parent = new int[n];
            var size = new int[n];
            for (int d = 0; d < n; d++)
            {
                parent[d] = d;
                size[d] = 1;
            }

            for (int k = 0; k < n / 8; k++)
            {
                StoryGrouper.Bind(parent, size, random.Next(n), random.Next(n));
            }

            var edges = new List<(int A, int B, double Similarity)>();
            int hub = random.Next(n);
            for (int k = 0; k < edgeCount; k++)
            {
                int a = random.Next(4) == 0 ? hub : random.Next(n);
                int b = random.Next(n);
                if (a != b)
                {
                    // Few values, so that many averages tie; some pairs twice, some at 0.
                    edges.Add((Math.Min(a, b), Math.Max(a, b), random.Next(5) / 4.0));
                }
            }

            var (parentB, sizeB) = ((int[])parent.Clone(), (int[])size.Clone());
            grouper.AverageLink(parent, size, edges);
            DictionaryAverageLink(parentB, sizeB, edges, 0.2);
            for (int d = 0; d < n; d++)
            {
                Assert.Equal(StoryGrouper.ClusterOf(parentB, d), StoryGrouper.ClusterOf(parent, d));
            }

            Assert.Equal(sizeB, size);
        }
    }

    // AverageLink as it was (session 17): a dictionary per cluster, PriorityQueue, merge order by their enumeration.
    private static void DictionaryAverageLink(int[] parent, int[] size, List<(int A, int B, double Similarity)> edges, double threshold)
    {
        int n = parent.Length;
        var adjacency = new Dictionary<int, double>?[n];
        foreach (var (a, b, similarity) in edges)
        {
            int ra = StoryGrouper.ClusterOf(parent, a), rb = StoryGrouper.ClusterOf(parent, b);
            if (ra != rb && similarity > 0)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(adjacency[ra] ??= [], rb, out _) += similarity;
                CollectionsMarshal.GetValueRefOrAddDefault(adjacency[rb] ??= [], ra, out _) += similarity;
            }
        }

        var version = new int[n];
        var queue = new PriorityQueue<(int A, int B, int VersionA, int VersionB), double>();
        void Push(int a, int b, double sum)
        {
            double average = sum / ((double)size[a] * size[b]);
            if (average > threshold)
            {
                queue.Enqueue((a, b, version[a], version[b]), -average);
            }
        }

        for (int c = 0; c < n; c++)
        {
            foreach (var (other, sum) in adjacency[c] ?? [])
            {
                if (c < other)
                {
                    Push(c, other, sum);
                }
            }
        }

        while (queue.TryDequeue(out var top, out _))
        {
            if (version[top.A] != top.VersionA || version[top.B] != top.VersionB || parent[top.A] != top.A || parent[top.B] != top.B)
            {
                continue;
            }

            var (keep, drop) = (adjacency[top.A]?.Count ?? 0) >= (adjacency[top.B]?.Count ?? 0) ? (top.A, top.B) : (top.B, top.A);
            parent[drop] = keep;
            size[keep] += size[drop];
            version[keep]++;
            var kept = adjacency[keep]!;
            kept.Remove(drop);
            foreach (var (other, sum) in adjacency[drop]!)
            {
                if (other == keep)
                {
                    continue;
                }

                ref double total = ref CollectionsMarshal.GetValueRefOrAddDefault(kept, other, out _);
                total += sum;
                var back = adjacency[other]!;
                back.Remove(drop);
                CollectionsMarshal.GetValueRefOrAddDefault(back, keep, out _) = total;
            }

            adjacency[drop] = null;
            foreach (var (other, sum) in kept)
            {
                Push(keep, other, sum);
            }
        }
    }
}
