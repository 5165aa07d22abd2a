using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Group;

/// <summary>
/// Word hashes with their plain and name counts: open addressing with linear probing, grown past half full, cleared
/// by the slots it used (not the whole table), so one instance serves a thread's documents one after another.
/// </summary>
internal sealed class TermTable
{
    // A word's hash and tally side by side: a probe reads one cache line, where two arrays read two.
    private Entry[] entries = new Entry[1024];
    private int[] used = new int[(1024 / 2) + 1];
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
    /// branch no predictor gets right): the hash is stored and the slot listed either way, and the count moves only
    /// for a new word.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash, bool name)
    {
        var table = entries;
        int mask = table.Length - 1;
        int slot = (int)hash & mask; // word hashes are XxHash3 values: their low bits are already mixed
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
        used[count] = slot; // room for one past half the slots
        count += fresh;
        if (2 * count > table.Length)
        {
            Grow();
        }
    }

    /// <summary>Each distinct word's hash and slot, in the order first added.</summary>
    public void CopyTo(ulong[] hashes, int[] slots)
    {
        for (int i = 0; i < count; i++)
        {
            hashes[i] = entries[used[i]].Hash;
            slots[i] = used[i];
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
        for (int i = 0; i < count; i++)
        {
            entries[used[i]].Tally = 0;
        }

        count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var (old, oldUsed) = (entries, used);
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)old.Length * 2);
        var grown = new Entry[capacity];
        used = new int[(capacity / 2) + 1];
        int mask = capacity - 1;
        for (int i = 0; i < count; i++)
        {
            var entry = old[oldUsed[i]];
            int slot = (int)entry.Hash & mask;
            while (grown[slot].Tally != 0)
            {
                slot = (slot + 1) & mask;
            }

            grown[slot] = entry;
            used[i] = slot;
        }

        entries = grown;
    }
}
