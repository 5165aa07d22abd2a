namespace NearDup.Candidates;

/// <summary>
/// Per document, its best few partial-overlap candidates by estimate: memory of documents × capacity, however many
/// pairs are offered. A pair is kept when it is among the best of either of its documents.
/// </summary>
internal sealed class PartialPartners
{
    private readonly int capacity;
    private readonly int[] partner;
    private readonly double[] estimate;
    private readonly byte[] source;
    private readonly int[] held;
    private readonly double[] floor; // a full document's weakest estimate: offers at or below it are turned away unread

    public PartialPartners(int documents, int capacity)
    {
        this.capacity = capacity;
        partner = new int[(long)documents * capacity > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(capacity)) : documents * capacity];
        estimate = new double[partner.Length];
        source = new byte[partner.Length];
        // Nothing kept (a scan without the semantic stage): no per-document arrays either.
        held = capacity > 0 ? new int[documents] : [];
        floor = capacity > 0 ? new double[documents] : [];
    }

    public void Offer(in CandidatePair pair)
    {
        if (capacity == 0)
        {
            return;
        }

        Offer(pair.A, pair.B, pair.Estimate, pair.Source);
        Offer(pair.B, pair.A, pair.Estimate, pair.Source);
    }

    /// <summary>
    /// Whether an offer of documents <paramref name="a"/> and <paramref name="b"/> at <paramref name="estimate"/> or
    /// below would be turned away by both, as they stand now (always, when none is kept). Thread-safe beside <see cref="Offer(in CandidatePair)"/>: a full
    /// document's weakest estimate only rises, so a pair turned away now is turned away when offered later.
    /// </summary>
    public bool TurnsAway(int a, int b, double estimate) =>
        capacity == 0 || (TurnsAway(a, estimate) && TurnsAway(b, estimate));

    // The floor is set once the document is full, and is above 0 then (estimates of offered pairs are).
    private bool TurnsAway(int document, double estimate) =>
        estimate > 0 && Volatile.Read(ref floor[document]) >= estimate;

    // Fills free slots, then replaces the document's weakest partner (the first of equals) when the new one is better.
    private void Offer(int document, int other, double value, CandidateSource from)
    {
        int start = document * capacity;
        int slot;
        if (held[document] < capacity)
        {
            slot = start + held[document]++;
        }
        else
        {
            if (floor[document] >= value)
            {
                return;
            }

            slot = Weakest(start);
        }

        partner[slot] = other;
        estimate[slot] = value;
        source[slot] = (byte)from;
        if (held[document] == capacity)
        {
            floor[document] = estimate[Weakest(start)];
        }
    }

    private int Weakest(int start)
    {
        int slot = start;
        for (int s = start + 1; s < start + capacity; s++)
        {
            if (estimate[s] < estimate[slot])
            {
                slot = s;
            }
        }

        return slot;
    }

    /// <summary>The pairs kept, each once, ordered by (A, B).</summary>
    public List<CandidatePair> Pairs()
    {
        var pairs = new List<CandidatePair>();
        for (int d = 0; d < held.Length; d++)
        {
            for (int s = d * capacity; s < (d * capacity) + held[d]; s++)
            {
                int other = partner[s];
                // A pair kept by both documents is reported once, by its smaller ordinal.
                if (d < other || !Holds(other, d))
                {
                    pairs.Add(new CandidatePair(Math.Min(d, other), Math.Max(d, other), estimate[s], (CandidateSource)source[s]));
                }
            }
        }

        pairs.Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        return pairs;
    }

    private bool Holds(int document, int other)
    {
        for (int s = document * capacity; s < (document * capacity) + held[document]; s++)
        {
            if (partner[s] == other)
            {
                return true;
            }
        }

        return false;
    }
}
