using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Group;

/// <summary>
/// Word hashes with their plain and name counts: open addressing with linear probing, grown past half full, cleared
/// by the slots it used (not the whole table), so one instance serves a thread's documents one after another.
/// </summary>
/// <remarks>A word's home slot is its hash's top bits, so the slots in order hold the words nearly in hash order (a
/// word probed past its home can sit after a larger one): <see cref="CopySorted"/> reads them out by the bitmap of the
/// slots held and puts those few back in place, where a sort of the distinct words took a fifth of the counting.</remarks>
internal sealed class TermTable
{
    private const int InitialCapacity = 1024;

    // A word's hash and tally side by side: a probe reads one cache line, where two arrays read two.
    private Entry[] entries = new Entry[InitialCapacity];
    private ulong[] held = new ulong[InitialCapacity / 64]; // bit k: slot k holds a word
    private int shift = 64 - BitOperations.Log2(InitialCapacity);
    private int count;

    private struct Entry
    {
        public ulong Hash;
        public long Tally; // names << 32 | plain; 0 marks an empty slot
    }

    /// <summary>Distinct words added since <see cref="Clear"/>.</summary>
    public int Count => count;

    /// <summary>Slots held.</summary>
    public int Capacity => entries.Length;

    /// <summary>Counts one occurrence of <paramref name="hash"/>, as a name or not.</summary>
    /// <remarks>Whether the word is new is not branched on (about every other token of a news text is a new word, a
    /// branch no predictor gets right): the hash is stored and the slot marked either way, and the count moves only
    /// for a new word.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash, bool name)
    {
        var table = entries;
        int mask = table.Length - 1;
        int slot = (int)(hash >> shift); // word hashes are XxHash3 values: their top bits are mixed
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(table);
        ref Entry entry = ref Unsafe.Add(ref first, slot);
        while ((entry.Tally != 0) & (entry.Hash != hash)) // one branch, taken only on a collision
        {
            slot = (slot + 1) & mask;
            entry = ref Unsafe.Add(ref first, slot);
        }

        int fresh = Unsafe.BitCast<bool, byte>(entry.Tally == 0);
        entry.Hash = hash;
        entry.Tally += 1L << (Unsafe.BitCast<bool, byte>(name) << 5);
        held[slot >> 6] |= 1UL << slot;
        count += fresh;
        if (2 * count > table.Length)
        {
            Grow();
        }
    }

    /// <summary>Each distinct word's hash and slot into the arrays (at least <see cref="Count"/> long), ascending by hash.</summary>
    public void CopySorted(ulong[] hashes, int[] slots)
    {
        var table = entries;
        int n = 0;
        for (int w = 0; w < held.Length; w++)
        {
            for (ulong bits = held[w]; bits != 0; bits &= bits - 1)
            {
                int slot = (w << 6) + BitOperations.TrailingZeroCount(bits);
                hashes[n] = table[slot].Hash;
                slots[n++] = slot;
            }
        }

        // Nearly sorted: only a word probed past a larger one (or round the end to the front) is out of place.
        for (int i = 1; i < n; i++)
        {
            ulong hash = hashes[i];
            if (hash >= hashes[i - 1])
            {
                continue;
            }

            int slot = slots[i];
            int j = i - 1;
            while (j >= 0 && hashes[j] > hash)
            {
                hashes[j + 1] = hashes[j];
                slots[j + 1] = slots[j];
                j--;
            }

            hashes[j + 1] = hash;
            slots[j + 1] = slot;
        }
    }

    /// <summary>Plain and name occurrences of the word in <paramref name="slot"/>.</summary>
    public (int Plain, int Names) Tally(int slot)
    {
        long tally = entries[slot].Tally;
        return ((int)tally, (int)(tally >>> 32));
    }

    /// <summary>Empties the table (only the slots used are reset).</summary>
    public void Clear()
    {
        for (int w = 0; w < held.Length; w++)
        {
            for (ulong bits = held[w]; bits != 0; bits &= bits - 1)
            {
                entries[(w << 6) + BitOperations.TrailingZeroCount(bits)].Tally = 0;
            }

            held[w] = 0;
        }

        count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var (old, oldHeld) = (entries, held);
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)old.Length * 2);
        var grown = new Entry[capacity];
        held = new ulong[capacity / 64];
        shift = 64 - BitOperations.Log2((uint)capacity);
        int mask = capacity - 1;
        for (int w = 0; w < oldHeld.Length; w++)
        {
            for (ulong bits = oldHeld[w]; bits != 0; bits &= bits - 1)
            {
                var entry = old[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                int slot = (int)(entry.Hash >> shift);
                while (grown[slot].Tally != 0)
                {
                    slot = (slot + 1) & mask;
                }

                grown[slot] = entry;
                held[slot >> 6] |= 1UL << slot;
            }
        }

        entries = grown;
    }
}
