using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NearDup.Group;

internal sealed partial class StoryGrouper
{
    /// <summary>
    /// Cluster-level adjacency for the average-link merge: each cluster's neighbours and the summed similarity between
    /// their members, in flat arrays (16 bytes a neighbour: the neighbour, this cluster's place in the neighbour's list,
    /// the sum). Each cluster's list keeps its entries in the slots a <see cref="Dictionary{TKey, TValue}"/> would
    /// (entries in insertion order; a removed entry's slot reused by the next insert, last freed first), because the
    /// merge pushes pairs in that order and the queue orders ties by it. The place in the neighbour's list (its twin)
    /// finds the other side of an entry without a lookup.
    /// </summary>
    private sealed class ClusterAdjacency
    {
        // A free slot's key; its twin is the next free slot (-1: none).
        private const int Free = -1;

        private readonly int[] keys;
        private readonly int[] twins;
        private readonly double[] sums;
        private readonly Segment[] segments;
        // Lists moved out of their first place to grow, slots from mainLength on; freed ones reused by size class.
        private readonly int mainLength;
        private int[] spillKeys = [];
        private int[] spillTwins = [];
        private double[] spillSums = [];
        private int spillUsed;
        private readonly int[] spillFree = new int[32];

        // Scratch of Merge: a neighbour's slot in the kept list, valid where stamped with the merge.
        private readonly int[] slotOf;
        private readonly int[] stampOf;
        private int stamp;

        private ClusterAdjacency(int n, int[] keys, int[] twins, double[] sums, Segment[] segments)
        {
            this.keys = keys;
            this.twins = twins;
            this.sums = sums;
            this.segments = segments;
            mainLength = keys.Length;
            slotOf = new int[n];
            stampOf = new int[n];
            spillFree.AsSpan().Fill(-1);
        }

        /// <summary>Live neighbours of cluster <paramref name="c"/>.</summary>
        public int Degree(int c) => segments[c].Count - segments[c].FreeCount;

        /// <summary>Slots of cluster <paramref name="c"/> in order, free ones (key -1) included.</summary>
        public ReadOnlySpan<int> Neighbours(int c) => Keys(c);

        /// <summary>Summed similarities, slot for slot with <see cref="Neighbours"/>.</summary>
        public ReadOnlySpan<double> Sums(int c)
        {
            ref var s = ref segments[c];
            return s.Offset < mainLength ? sums.AsSpan(s.Offset, s.Count) : spillSums.AsSpan(s.Offset - mainLength, s.Count);
        }

        private Span<int> Keys(int c)
        {
            ref var s = ref segments[c];
            return s.Offset < mainLength ? keys.AsSpan(s.Offset, s.Count) : spillKeys.AsSpan(s.Offset - mainLength, s.Count);
        }

        // The arrays and index of slot `slot` of cluster c.
        private (int[] Keys, int[] Twins, double[] Sums, int Index) At(int c, int slot)
        {
            int offset = segments[c].Offset;
            return offset < mainLength ? (keys, twins, sums, offset + slot) : (spillKeys, spillTwins, spillSums, offset - mainLength + slot);
        }

        /// <summary>
        /// Folds cluster <paramref name="drop"/> into <paramref name="keep"/> (adjacent) as the dictionaries did:
        /// <c>kept.Remove(drop)</c>, then for each of drop's neighbours in slot order <c>kept[other] += sum</c>,
        /// <c>back.Remove(drop)</c>, <c>back[keep] = total</c>.
        /// </summary>
        public void Merge(int keep, int drop)
        {
            int merge = ++stamp;
            var kept = Keys(keep);
            for (int t = 0; t < kept.Length; t++)
            {
                if (kept[t] >= 0)
                {
                    slotOf[kept[t]] = t;
                    stampOf[kept[t]] = merge;
                }
            }

            var dropped = Keys(drop);
            int added = 0;
            foreach (int other in dropped)
            {
                if (other >= 0 && other != keep && stampOf[other] != merge)
                {
                    added++;
                }
            }

            Release(keep, slotOf[drop]);
            ref var k = ref segments[keep];
            if (added > k.FreeCount && k.Count + added - k.FreeCount > k.Capacity)
            {
                Grow(keep, k.Count + added - k.FreeCount);
            }

            var (dKeys, dTwins, dSums, d0) = At(drop, 0);
            var (kKeys, kTwins, kSums, k0) = At(keep, 0);
            int dropCount = segments[drop].Count;
            for (int j = 0; j < dropCount; j++)
            {
                int other = dKeys[d0 + j];
                if (other < 0 || other == keep)
                {
                    continue;
                }

                double sum = dSums[d0 + j];
                int back = dTwins[d0 + j]; // drop's slot in other's list
                var (oKeys, oTwins, oSums, o0) = At(other, 0);
                if (stampOf[other] == merge)
                {
                    int t = slotOf[other];
                    double total = kSums[k0 + t] += sum;
                    Release(other, back); // back.Remove(drop); keep is there already
                    oSums[o0 + kTwins[k0 + t]] = total;
                }
                else
                {
                    int t = Take(keep);
                    kKeys[k0 + t] = other;
                    kSums[k0 + t] = sum;
                    kTwins[k0 + t] = back;
                    // back.Remove(drop) frees its slot and back[keep] takes it again at once.
                    oKeys[o0 + back] = keep;
                    oTwins[o0 + back] = t;
                }
            }

            Clear(drop);
        }

        // Frees slot `slot` of cluster c (Dictionary.Remove: the slot heads the free list).
        private void Release(int c, int slot)
        {
            ref var s = ref segments[c];
            var (k, t, _, i) = At(c, slot);
            k[i] = Free;
            t[i] = s.FreeHead;
            s.FreeHead = slot;
            s.FreeCount++;
        }

        // A slot for a new entry of cluster c: the last freed, else the next unused (capacity ensured by Grow).
        private int Take(int c)
        {
            ref var s = ref segments[c];
            if (s.FreeCount > 0)
            {
                int slot = s.FreeHead;
                var (_, t, _, i) = At(c, slot);
                s.FreeHead = t[i];
                s.FreeCount--;
                return slot;
            }

            return s.Count++;
        }

        // Moves cluster c's list to a spill segment of at least `needed` slots (a power of two).
        private void Grow(int c, int needed)
        {
            int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(needed, 4));
            int sizeClass = BitOperations.Log2((uint)capacity);
            int offset = spillFree[sizeClass];
            if (offset >= 0)
            {
                spillFree[sizeClass] = spillKeys[offset];
            }
            else
            {
                if (spillUsed + capacity > spillKeys.Length)
                {
                    int length = Math.Max(spillKeys.Length * 2, spillUsed + capacity);
                    Array.Resize(ref spillKeys, length);
                    Array.Resize(ref spillTwins, length);
                    Array.Resize(ref spillSums, length);
                }

                offset = spillUsed;
                spillUsed += capacity;
            }

            ref var s = ref segments[c];
            var (k, t, m, i) = At(c, 0);
            k.AsSpan(i, s.Count).CopyTo(spillKeys.AsSpan(offset));
            t.AsSpan(i, s.Count).CopyTo(spillTwins.AsSpan(offset));
            m.AsSpan(i, s.Count).CopyTo(spillSums.AsSpan(offset));
            Recycle(s);
            s.Offset = mainLength + offset;
            s.Capacity = capacity;
        }

        // Returns a spill segment for reuse (the first places are not reused).
        private void Recycle(Segment s)
        {
            if (s.Offset >= mainLength)
            {
                int sizeClass = BitOperations.Log2((uint)s.Capacity);
                spillKeys[s.Offset - mainLength] = spillFree[sizeClass];
                spillFree[sizeClass] = s.Offset - mainLength;
            }
        }

        /// <summary>Drops cluster <paramref name="c"/>'s list (merged away).</summary>
        public void Clear(int c)
        {
            Recycle(segments[c]);
            segments[c] = default;
        }

        /// <summary>
        /// The adjacency of the clusters of <paramref name="parent"/> from <paramref name="edges"/> (similarity above 0,
        /// across clusters). Each cluster's edges are first placed by cluster in edge order (a counting sort), then each
        /// cluster's run is folded in place into its list, first occurrence first and sums added in edge order, as
        /// filling a dictionary from the edges in order did; the clusters in parallel.
        /// </summary>
        public static ClusterAdjacency Build(int[] parent, List<(int A, int B, double Similarity)> edges)
        {
            int n = parent.Length;
            var root = new int[n];
            for (int d = 0; d < n; d++)
            {
                root[d] = Find(parent, d);
            }

            var start = new int[n + 1];
            foreach (var (a, b, similarity) in CollectionsMarshal.AsSpan(edges))
            {
                if (root[a] != root[b] && similarity > 0)
                {
                    start[root[a] + 1]++;
                    start[root[b] + 1]++;
                }
            }

            for (int c = 0; c < n; c++)
            {
                start[c + 1] += start[c];
            }

            var next = start.AsSpan(0, n).ToArray();
            var keys = new int[start[n]];
            var sums = new double[start[n]];
            foreach (var (a, b, similarity) in CollectionsMarshal.AsSpan(edges))
            {
                int ra = root[a], rb = root[b];
                if (ra == rb || similarity <= 0)
                {
                    continue;
                }

                (keys[next[ra]], sums[next[ra]++]) = (rb, similarity);
                (keys[next[rb]], sums[next[rb]++]) = (ra, similarity);
            }

            // Folded, each edge end's twin holds for a while the slot its run position went to.
            var twins = new int[start[n]];
            var segments = new Segment[n];
            if (edges.Count < 4096)
            {
                Fold(0, n, new int[n]);
            }
            else
            {
                Parallel.ForEach(Partitioner.Create(0, n, ClustersPerFill), () => new int[n], (range, _, slotPlusOne) =>
                {
                    Fold(range.Item1, range.Item2, slotPlusOne);
                    return slotPlusOne;
                }, _ => { });
            }

            // Each edge's two ends again in the same order: an end's twin is the slot of the other end. Written only at
            // a run position already read (a slot is never past its run position), so the slots still to read stay.
            start.AsSpan(0, n).CopyTo(next);
            foreach (var (a, b, similarity) in CollectionsMarshal.AsSpan(edges))
            {
                int ra = root[a], rb = root[b];
                if (ra == rb || similarity <= 0)
                {
                    continue;
                }

                int slotA = twins[next[ra]++], slotB = twins[next[rb]++];
                twins[start[ra] + slotA] = slotB;
                twins[start[rb] + slotB] = slotA;
            }

            return new ClusterAdjacency(n, keys, twins, sums, segments);

            void Fold(int from, int to, int[] slotPlusOne)
            {
                for (int c = from; c < to; c++)
                {
                    int first = start[c], end = start[c + 1];
                    int count = 0;
                    for (int p = first; p < end; p++)
                    {
                        int other = keys[p];
                        double similarity = sums[p];
                        int slot = slotPlusOne[other] - 1;
                        if (slot < 0)
                        {
                            slot = count++;
                            slotPlusOne[other] = slot + 1;
                            keys[first + slot] = other;
                            sums[first + slot] = similarity;
                        }
                        else
                        {
                            sums[first + slot] += similarity;
                        }

                        twins[p] = slot;
                    }

                    for (int p = first; p < first + count; p++)
                    {
                        slotPlusOne[keys[p]] = 0;
                    }

                    segments[c] = new Segment { Offset = first, Capacity = end - first, Count = count, FreeHead = -1 };
                }
            }
        }

        // Where a cluster's list lies (Offset from mainLength on: in the spill), its slots in use or freed (Count),
        // and its free slots, last freed first.
        private struct Segment
        {
            public int Offset;
            public int Capacity;
            public int Count;
            public int FreeHead;
            public int FreeCount;
        }
    }
}
