using System.Runtime.CompilerServices;

namespace NearDup.Align;

internal sealed partial class Aligner
{
    /// <summary>
    /// Hash index of the indexed text's n-grams: open addressing (linear probing, load ≤ 1/2) from an n-gram hash
    /// to its first position; <see cref="Next"/> chains the later positions of the same n-gram in ascending order.
    /// 20 bytes per token, built in one pass over caller-rented buffers.
    /// </summary>
    private readonly ref struct GramIndex
    {
        private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;
        private readonly Span<int> head;
        private readonly int shift;

        public GramIndex(Span<ulong> grams, Span<int> next, Span<int> head)
        {
            Grams = grams;
            Next = next;
            this.head = head;
            shift = 64 - System.Numerics.BitOperations.Log2((uint)head.Length);
        }

        /// <summary>The n-gram hash at each position of the indexed text (filled by the caller before Build).</summary>
        public Span<ulong> Grams { get; }

        /// <summary>Next position of the same n-gram, or -1.</summary>
        public Span<int> Next { get; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Build()
        {
            head.Fill(-1);
            var grams = Grams;
            for (int j = grams.Length - 1; j >= 0; j--)
            {
                int slot = Find(grams[j]);
                Next[j] = head[slot];
                head[slot] = j;
            }
        }

        /// <summary>First position of the n-gram with hash <paramref name="gram"/>, or -1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int First(ulong gram) => head[Find(gram)];

        /// <summary>Whether the chain from <paramref name="first"/> is longer than <paramref name="cap"/>; walks at most cap + 1 links.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Exceeds(int first, int cap)
        {
            int count = 0;
            for (int j = first; j >= 0; j = Next[j])
            {
                if (++count > cap)
                {
                    return true;
                }
            }

            return false;
        }

        // The slot holding this n-gram, or the empty slot where it would go.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Find(ulong gram)
        {
            int mask = head.Length - 1;
            int slot = (int)((gram * Fibonacci) >> shift) & mask;
            while (true)
            {
                int at = head[slot];
                if (at < 0 || Grams[at] == gram)
                {
                    return slot;
                }

                slot = (slot + 1) & mask;
            }
        }
    }
}
