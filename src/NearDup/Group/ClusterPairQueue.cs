using System.Runtime.InteropServices;

namespace NearDup.Group;

/// <summary>
/// The average-link merge's queue of cluster pairs, least priority first: the same array-backed 4-ary min-heap as
/// <see cref="PriorityQueue{TElement, TPriority}"/> (the same sift-up and sift-down and comparisons; priorities are
/// never NaN, so the operators order them as <see cref="double.CompareTo(double)"/> does), so that entries of equal
/// priority come out in the very order they did from it. Its entries are smaller (20 bytes, not 24).
/// </summary>
internal sealed class ClusterPairQueue
{
    private const int Log2Arity = 2;

    private Entry[] nodes;
    private int size;

    public ClusterPairQueue(int capacity) => nodes = new Entry[Math.Max(capacity, 0)];

    public int Count => size;

    /// <summary>Adds the pair (<paramref name="a"/>, <paramref name="b"/>) pushed at merge <paramref name="stamp"/>.</summary>
    public void Enqueue(int a, int b, int stamp, double priority)
    {
        if (size == nodes.Length)
        {
            // As PriorityQueue grows: twice the length, at least 4 more (the order does not depend on it).
            Array.Resize(ref nodes, Math.Max(nodes.Length * 2, nodes.Length + 4));
        }

        var node = new Entry(priority, a, b, stamp);
        int index = size++;
        var heap = nodes;
        while (index > 0)
        {
            int parentIndex = (index - 1) >> Log2Arity;
            ref var parent = ref heap[parentIndex];
            if (priority < parent.Priority)
            {
                heap[index] = parent;
                index = parentIndex;
            }
            else
            {
                break;
            }
        }

        heap[index] = node;
    }

    /// <summary>Removes the entry of least priority (of those tied, the one <see cref="PriorityQueue{TElement, TPriority}"/> would).</summary>
    public bool TryDequeue(out Entry top)
    {
        if (size == 0)
        {
            top = default;
            return false;
        }

        var heap = nodes;
        top = heap[0];
        int last = --size;
        if (last > 0)
        {
            var node = heap[last];
            int index = 0;
            int child;
            while ((child = (index << Log2Arity) + 1) < last)
            {
                int minIndex = child;
                double minPriority = heap[child].Priority;
                int end = Math.Min(child + 4, last);
                while (++child < end)
                {
                    if (heap[child].Priority < minPriority)
                    {
                        minPriority = heap[child].Priority;
                        minIndex = child;
                    }
                }

                if (node.Priority <= minPriority)
                {
                    break;
                }

                heap[index] = heap[minIndex];
                index = minIndex;
            }

            heap[index] = node;
        }

        return true;
    }

    /// <summary>A queued pair: its clusters, the merge it was pushed at, and its priority.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly record struct Entry(double Priority, int A, int B, int Stamp);
}
