namespace NearDup.Group;

/// <summary>
/// Word hashes to small integer ids 0, 1, 2, … in the order first seen. Lookups of a word seen before (nearly all of
/// them) take no lock: open addressing with linear probing over one array of (hash, id) entries, so a lookup is one
/// cache miss, not the bucket and node of a <c>ConcurrentDictionary</c> (which cost the fingerprint stage 0.75 CPU-s on
/// synthetic 100k). New words are added under a lock; the table is replaced, never changed in place, when it grows.
/// </summary>
/// <remarks>Thread-safe. An entry's id is published after its hash (the id, stored + 1, is the slot's "full" mark), so
/// a reader that sees the id sees the hash; a reader still probing a replaced table misses and takes the lock.</remarks>
internal sealed class TermIds
{
    private const int InitialCapacity = 1 << 12;

    private readonly Lock gate = new();
    private Entry[] entries = new Entry[InitialCapacity];
    private int count;

    /// <summary>Words given an id.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>The id of <paramref name="hash"/>, given now if the word is new.</summary>
    public int IdOf(ulong hash)
    {
        var table = Volatile.Read(ref entries);
        int mask = table.Length - 1;
        for (int slot = (int)hash & mask; ; slot = (slot + 1) & mask) // word hashes are XxHash3 values: low bits mixed
        {
            int stored = Volatile.Read(ref table[slot].StoredId);
            if (stored == 0)
            {
                return Add(hash);
            }

            if (table[slot].Hash == hash)
            {
                return stored - 1;
            }
        }
    }

    /// <summary>Each word's hash and id (any order) into the spans, which hold at least <see cref="Count"/>; returns the count.
    /// Not to be called while words are added.</summary>
    public int CopyTo(Span<ulong> hashes, Span<int> ids)
    {
        int n = 0;
        foreach (var entry in Volatile.Read(ref entries))
        {
            if (entry.StoredId != 0)
            {
                hashes[n] = entry.Hash;
                ids[n++] = entry.StoredId - 1;
            }
        }

        return n;
    }

    /// <summary>Forgets every word (ids start at 0 again).</summary>
    public void Clear()
    {
        lock (gate)
        {
            Volatile.Write(ref entries, new Entry[InitialCapacity]);
            Volatile.Write(ref count, 0);
        }
    }

    private int Add(ulong hash)
    {
        lock (gate)
        {
            var table = entries;
            int slot = SlotOf(table, hash);
            if (table[slot].StoredId != 0)
            {
                return table[slot].StoredId - 1; // added by another thread meanwhile
            }

            if (2 * (count + 1) > table.Length)
            {
                table = Grown(table);
                slot = SlotOf(table, hash);
                Volatile.Write(ref entries, table);
            }

            table[slot].Hash = hash;
            Volatile.Write(ref table[slot].StoredId, count + 1);
            Volatile.Write(ref count, count + 1);
            return count - 1;
        }
    }

    // The slot holding hash, or the empty slot where it goes.
    private static int SlotOf(Entry[] table, ulong hash)
    {
        int mask = table.Length - 1;
        int slot = (int)hash & mask;
        while (table[slot].StoredId != 0 && table[slot].Hash != hash)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private static Entry[] Grown(Entry[] table)
    {
        var grown = new Entry[table.Length * 2];
        foreach (var entry in table)
        {
            if (entry.StoredId != 0)
            {
                grown[SlotOf(grown, entry.Hash)] = entry;
            }
        }

        return grown;
    }

    private struct Entry
    {
        public ulong Hash;
        public int StoredId; // id + 1; 0 marks an empty slot
    }
}
