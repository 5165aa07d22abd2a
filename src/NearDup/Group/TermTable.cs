using System.Numerics;

namespace NearDup.Group;

/// <summary>
/// Word hashes with their plain and name counts: open addressing with linear probing, grown at half full, cleared by
/// the slots it used (not the whole table), so one instance serves a thread's documents one after another.
/// </summary>
internal sealed class TermTable
{
    private ulong[] keys = new ulong[1024];
    private long[] tallies = new long[1024]; // names << 32 | plain; 0 marks an empty slot
    private int[] used = new int[512];
    private int count;

    /// <summary>Distinct words added since <see cref="Clear"/>.</summary>
    public int Count => count;

    /// <summary>Slots held.</summary>
    public int Capacity => keys.Length;

    /// <summary>Counts one occurrence of <paramref name="hash"/>, as a name or not.</summary>
    public void Add(ulong hash, bool name)
    {
        int slot = SlotOf(hash);
        if (tallies[slot] == 0)
        {
            if (2 * (count + 1) > keys.Length)
            {
                Grow();
                slot = SlotOf(hash);
            }

            keys[slot] = hash;
            used[count++] = slot;
        }

        tallies[slot] += name ? 1L << 32 : 1;
    }

    /// <summary>Each distinct word's hash and slot, in the order first added.</summary>
    public void CopyTo(ulong[] hashes, int[] slots)
    {
        for (int i = 0; i < count; i++)
        {
            hashes[i] = keys[used[i]];
            slots[i] = used[i];
        }
    }

    /// <summary>Plain and name occurrences of the word in <paramref name="slot"/>.</summary>
    public (int Plain, int Names) Tally(int slot) => ((int)tallies[slot], (int)(tallies[slot] >>> 32));

    /// <summary>Empties the table (only the slots used are reset).</summary>
    public void Clear()
    {
        for (int i = 0; i < count; i++)
        {
            tallies[used[i]] = 0;
        }

        count = 0;
    }

    private int SlotOf(ulong hash)
    {
        int mask = keys.Length - 1;
        int slot = (int)hash & mask; // word hashes are XxHash3 values: their low bits are already mixed
        while (tallies[slot] != 0 && keys[slot] != hash)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var (oldKeys, oldTallies, oldUsed) = (keys, tallies, used);
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)keys.Length * 2);
        keys = new ulong[capacity];
        tallies = new long[capacity];
        used = new int[capacity / 2];
        for (int i = 0; i < count; i++)
        {
            ulong hash = oldKeys[oldUsed[i]];
            int slot = SlotOf(hash);
            keys[slot] = hash;
            tallies[slot] = oldTallies[oldUsed[i]];
            used[i] = slot;
        }
    }
}
