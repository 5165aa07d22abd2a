using System.Runtime.InteropServices;

namespace NearDup.Index;

/// <summary>
/// Posting lists in memory, one table per kind: key → documents in the order they were filed, in an open-addressing
/// table of 12 bytes a slot (a key, and either its one document or the handle of a longer list). Most keys (winnow
/// fingerprints) hold one document, so a posting costs about 17 bytes at the table's load factor, against ~100 in a
/// <c>Dictionary</c> of lists.
/// </summary>
/// <remarks>
/// Longer lists live in blocks of a few large <c>int</c> arrays (capacities by powers of two, freed blocks reused),
/// not one list object each: at 1,000,000 documents there are tens of millions of them, and as objects the garbage
/// collector walked them all at every full collection, a cost that grew with the index. A list past the largest
/// block (<see cref="MaxBlock"/> documents) is kept as a <see cref="List{T}"/>. Not thread-safe:
/// <see cref="SqliteIndexStore"/> guards it with a reader-writer lock.
/// </remarks>
internal sealed class PostingTable
{
    /// <summary>Documents in the largest block; a longer list becomes an object of its own.</summary>
    internal const int MaxBlock = 1 << MaxClass;

    private const int Empty = 0;
    private const int Removed = int.MinValue;
    private const int Big = int.MinValue + 1; // the list is in bigLists, under its key
    private const int MaxClass = 18; // blocks hold 2^1 .. 2^18 documents
    private const int ChunkBits = 20; // 4 MB arrays; a block never crosses one
    private const int Header = 2; // a block: count, capacity class, then the documents
    private ulong[] keys;
    private int[] slots; // Empty, Removed, Big, a document number (> 0), or -(block / 2 + 1)
    private readonly List<int[]> chunks = [];
    private long arenaEnd; // ints handed out so far (blocks start at even positions)
    private readonly int[] freeBlocks = Enumerable.Repeat(-1, MaxClass + 1).ToArray(); // per class, a freed block, linked through its count
    private readonly Dictionary<ulong, List<int>> bigLists = [];
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

            int block = Allocate(1);
            var (chunk, start) = Locate(block);
            chunk[start] = 2;
            chunk[start + Header] = slot;
            chunk[start + Header + 1] = doc;
            slots[at] = -((block >> 1) + 1);
            Count++;
            return true;
        }

        if (slot == Big)
        {
            var list = bigLists[key];
            if (list.Contains(doc))
            {
                return false;
            }

            list.Add(doc);
            Count++;
            return true;
        }

        int handle = (-slot - 1) << 1;
        var (documents, first) = Locate(handle);
        int count = documents[first];
        int @class = documents[first + 1];
        if (documents.AsSpan(first + Header, count).Contains(doc))
        {
            return false;
        }

        if (count < 1 << @class)
        {
            documents[first + Header + count] = doc;
            documents[first] = count + 1;
        }
        else if (@class < MaxClass)
        {
            int grown = Allocate(@class + 1);
            var (into, start) = Locate(grown);
            documents.AsSpan(first + Header, count).CopyTo(into.AsSpan(start + Header));
            into[start + Header + count] = doc;
            into[start] = count + 1;
            Free(handle, @class);
            slots[at] = -((grown >> 1) + 1);
        }
        else
        {
            var list = new List<int>(count * 2);
            list.AddRange(documents.AsSpan(first + Header, count));
            list.Add(doc);
            Free(handle, @class);
            bigLists[key] = list;
            slots[at] = Big;
        }

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

        if (slot == Big)
        {
            var list = bigLists[key];
            if (!list.Remove(doc))
            {
                return false;
            }

            Count--;
            if (list.Count == 1)
            {
                slots[at] = list[0];
                bigLists.Remove(key);
            }

            return true;
        }

        int handle = (-slot - 1) << 1;
        var (documents, first) = Locate(handle);
        int count = documents[first];
        var held = documents.AsSpan(first + Header, count);
        int index = held.IndexOf(doc);
        if (index < 0)
        {
            return false;
        }

        held[(index + 1)..].CopyTo(held[index..]); // keeps the order filed
        documents[first] = --count;
        Count--;
        if (count == 1)
        {
            slots[at] = held[0];
            Free(handle, documents[first + 1]);
        }

        return true;
    }

    /// <summary>
    /// The documents under <paramref name="key"/> as a list of their exact number, or <paramref name="common"/> when
    /// it is given and the key holds at least its length (the caller only counts it); null when none.
    /// </summary>
    public long[]? List(ulong key, long[]? common)
    {
        int at = Find(key, out _);
        if (at < 0)
        {
            return null;
        }

        int slot = slots[at];
        if (slot > 0)
        {
            return common is { Length: <= 1 } ? common : [slot];
        }

        ReadOnlySpan<int> held = slot == Big
            ? CollectionsMarshal.AsSpan(bigLists[key])
            : Held((-slot - 1) << 1);
        if (common is not null && held.Length >= common.Length)
        {
            return common;
        }

        var list = new long[held.Length];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = held[i];
        }

        return list;
    }

    private ReadOnlySpan<int> Held(int handle)
    {
        var (documents, first) = Locate(handle);
        return documents.AsSpan(first + Header, documents[first]);
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

        ReadOnlySpan<int> held = slot == Big
            ? CollectionsMarshal.AsSpan(bigLists[key])
            : Held((-slot - 1) << 1);

        if (held.Length > limit)
        {
            held = held[..limit];
        }

        foreach (int d in held)
        {
            into.Add(new IndexPosting(kind, key, d));
        }
    }

    // A block of capacity 2^class: a freed one of that class, or new at the arena's end (the next chunk when it would
    // cross the end of this one). Returns its position.
    private int Allocate(int @class)
    {
        int block = freeBlocks[@class];
        if (block >= 0)
        {
            var (chunk, start) = Locate(block);
            freeBlocks[@class] = chunk[start];
            chunk[start + 1] = @class;
            return block;
        }

        int size = Header + (1 << @class);
        long offset = arenaEnd & ((1 << ChunkBits) - 1);
        if (arenaEnd == (long)chunks.Count << ChunkBits || offset + size > 1 << ChunkBits)
        {
            arenaEnd = (long)chunks.Count << ChunkBits;
            chunks.Add(new int[1 << ChunkBits]);
        }

        if (arenaEnd + size > int.MaxValue)
        {
            throw new InvalidOperationException("The posting table is full (2^31 entries in lists): more than the index can hold in memory.");
        }

        block = (int)arenaEnd;
        arenaEnd += size;
        var (into, at) = Locate(block);
        into[at + 1] = @class;
        return block;
    }

    private void Free(int block, int @class)
    {
        var (chunk, start) = Locate(block);
        chunk[start] = freeBlocks[@class];
        freeBlocks[@class] = block;
    }

    private (int[] Chunk, int Start) Locate(int block) => (chunks[block >> ChunkBits], block & ((1 << ChunkBits) - 1));

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
