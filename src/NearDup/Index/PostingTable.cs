namespace NearDup.Index;

/// <summary>
/// Posting lists in memory, one table per kind: key → documents in the order they were filed, in an open-addressing
/// table of 12 bytes a slot (a key, and either its one document or the number of an overflow list). Most keys (winnow
/// fingerprints) hold one document, so a posting costs about 17 bytes at the table's load factor, against ~100 in a
/// <c>Dictionary</c> of lists.
/// </summary>
/// <remarks>Not thread-safe: <see cref="SqliteIndexStore"/> guards it with a reader-writer lock.</remarks>
internal sealed class PostingTable
{
    private const int Empty = 0;
    private const int Removed = int.MinValue;
    private ulong[] keys;
    private int[] slots; // Empty, Removed, a document number (> 0), or -(overflow list + 1)
    private readonly List<List<int>?> overflow = [];
    private readonly Stack<int> freeLists = new();
    private int used; // slots not Empty (live or Removed)
    private int shift; // 64 - log2(slots)

    public PostingTable(int capacity = 1024)
    {
        int size = 1024;
        while (size < capacity * 2 && size < 1 << 30)
        {
            size <<= 1;
        }

        keys = new ulong[size];
        slots = new int[size];
        shift = 64 - int.Log2(size);
    }

    /// <summary>Postings held.</summary>
    public long Count { get; private set; }

    /// <summary>Files <paramref name="document"/> under <paramref name="key"/>; false when it is filed there already.</summary>
    public bool Add(ulong key, long document)
    {
        int doc = checked((int)document);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(doc, nameof(document));
        if ((used + 1) * 10L > keys.Length * 7L)
        {
            Resize();
        }

        int at = Find(key, out int free);
        if (at < 0)
        {
            at = free;
            if (slots[at] == Empty)
            {
                used++;
            }

            keys[at] = key;
            slots[at] = doc;
            Count++;
            return true;
        }

        int slot = slots[at];
        if (slot > 0)
        {
            if (slot == doc)
            {
                return false;
            }

            int list = freeLists.Count > 0 ? freeLists.Pop() : overflow.Count;
            if (list == overflow.Count)
            {
                overflow.Add(null);
            }

            overflow[list] = [slot, doc];
            slots[at] = -(list + 1);
            Count++;
            return true;
        }

        var documents = overflow[-slot - 1]!;
        if (documents.Contains(doc))
        {
            return false;
        }

        documents.Add(doc);
        Count++;
        return true;
    }

    /// <summary>Takes <paramref name="document"/> off the list of <paramref name="key"/>; false when it was not there.</summary>
    public bool Remove(ulong key, long document)
    {
        int at = Find(key, out _);
        if (at < 0 || document is <= 0 or > int.MaxValue)
        {
            return false;
        }

        int doc = (int)document;
        int slot = slots[at];
        if (slot > 0)
        {
            if (slot != doc)
            {
                return false;
            }

            slots[at] = Removed;
            Count--;
            return true;
        }

        int list = -slot - 1;
        var documents = overflow[list]!;
        if (!documents.Remove(doc))
        {
            return false;
        }

        Count--;
        if (documents.Count == 1)
        {
            slots[at] = documents[0];
            overflow[list] = null;
            freeLists.Push(list);
        }

        return true;
    }

    /// <summary>Adds the first <paramref name="limit"/> documents under <paramref name="key"/> to <paramref name="into"/>.</summary>
    public void Read(PostingKind kind, ulong key, int limit, List<IndexPosting> into)
    {
        int at = Find(key, out _);
        if (at < 0 || limit <= 0)
        {
            return;
        }

        int slot = slots[at];
        if (slot > 0)
        {
            into.Add(new IndexPosting(kind, key, slot));
            return;
        }

        var documents = overflow[-slot - 1]!;
        for (int i = 0; i < documents.Count && i < limit; i++)
        {
            into.Add(new IndexPosting(kind, key, documents[i]));
        }
    }

    // The slot holding key, or -1 with the first reusable slot of its probe sequence in free.
    private int Find(ulong key, out int free)
    {
        int mask = keys.Length - 1;
        int at = (int)((key * 0x9E3779B97F4A7C15UL) >> shift); // Fibonacci hashing: keys are hashes, this spreads any bias
        free = -1;
        while (true)
        {
            int slot = slots[at];
            if (slot == Empty)
            {
                if (free < 0)
                {
                    free = at;
                }

                return -1;
            }

            if (slot == Removed)
            {
                if (free < 0)
                {
                    free = at;
                }
            }
            else if (keys[at] == key)
            {
                return at;
            }

            at = (at + 1) & mask;
        }
    }

    // Rehashes the live keys, dropping removed slots; doubles when they fill over a third of the new table.
    private void Resize()
    {
        long live = 0;
        foreach (int slot in slots)
        {
            if (slot is not Empty and not Removed)
            {
                live++;
            }
        }

        int size = keys.Length;
        while ((live + 1) * 3 > size)
        {
            size <<= 1;
        }

        var (oldKeys, oldSlots) = (keys, slots);
        keys = new ulong[size];
        slots = new int[size];
        shift = 64 - int.Log2(size);
        used = 0;
        for (int i = 0; i < oldSlots.Length; i++)
        {
            if (oldSlots[i] is not Empty and not Removed)
            {
                Find(oldKeys[i], out int free);
                keys[free] = oldKeys[i];
                slots[free] = oldSlots[i];
                used++;
            }
        }
    }
}
