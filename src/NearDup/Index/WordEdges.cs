namespace NearDup.Index;

/// <summary>
/// The word edges <see cref="WordStories"/> keeps for its regroups: each edge stored once, 20 bytes in chunks of
/// <c>2^16</c>, and linked into the lists of both its documents (a list per document, in the order its edges came, threaded
/// through the entries), so an add allocates nothing and the garbage collector walks a few hundred arrays, not a list
/// per document (at 100,000 documents those were 200,000 small lists grown by doubling, and their garbage).
/// </summary>
/// <remarks>Not thread-safe. Edges are never removed: a removal reads the word stories again from the store.</remarks>
internal sealed class WordEdges
{
    private const int ChunkBits = 16;
    private const int ChunkMask = (1 << ChunkBits) - 1;
    private readonly List<Entry[]> chunks = [];
    private int[] first = new int[1024]; // by document: its first entry + 1, 0 when it has none
    private int[] last = new int[1024]; // by document: its last entry + 1

    // An edge and, for each end, the next entry (+ 1) in that end's list.
    private struct Entry
    {
        public int A;
        public int B;
        public float Similarity;
        public int NextOfA;
        public int NextOfB;
    }

    /// <summary>Edges held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the edge between documents <paramref name="a"/> and <paramref name="b"/> (distinct) to both their lists.</summary>
    public void Add(long a, long b, float similarity)
    {
        int x = checked((int)a), y = checked((int)b);
        if ((Count >> ChunkBits) == chunks.Count)
        {
            chunks.Add(new Entry[1 << ChunkBits]);
        }

        int at = Count++;
        ref var entry = ref At(at);
        entry = new Entry { A = x, B = y, Similarity = similarity };
        Link(x, at);
        Link(y, at);
    }

    /// <summary>The edges of <paramref name="document"/>: each other end and its similarity, in the order added.</summary>
    public Enumerator Of(long document) => new(this, document < first.Length ? first[document] : 0, (int)document);

    // Appends entry `at` to the list of document `d`.
    private void Link(int d, int at)
    {
        if (d >= first.Length)
        {
            int size = Math.Max(d + 1, first.Length * 2);
            Array.Resize(ref first, size);
            Array.Resize(ref last, size);
        }

        if (last[d] == 0)
        {
            first[d] = at + 1;
        }
        else
        {
            ref var tail = ref At(last[d] - 1);
            if (tail.A == d)
            {
                tail.NextOfA = at + 1;
            }
            else
            {
                tail.NextOfB = at + 1;
            }
        }

        last[d] = at + 1;
    }

    private ref Entry At(int at) => ref chunks[at >> ChunkBits][at & ChunkMask];

    /// <summary>Walks one document's list.</summary>
    public struct Enumerator(WordEdges edges, int next, int document)
    {
        private int next = next;

        public (long Other, float Similarity) Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (next == 0)
            {
                return false;
            }

            ref var entry = ref edges.At(next - 1);
            if (entry.A == document)
            {
                Current = (entry.B, entry.Similarity);
                next = entry.NextOfA;
            }
            else
            {
                Current = (entry.A, entry.Similarity);
                next = entry.NextOfB;
            }

            return true;
        }
    }
}
