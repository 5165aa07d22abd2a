using NearDup.Candidates;

namespace NearDup.Tests.Candidates;

public sealed class PartialPartnersTest
{
    [Fact]
    public void KeepingNone_TurnsEveryOfferAway()
    {
        var kept = new PartialPartners(documents: 10, capacity: 0);
        Assert.True(kept.TurnsAway(1, 2, 0.9));
        kept.Offer(new CandidatePair(1, 2, 0.9, CandidateSource.Winnow));
        Assert.Empty(kept.Pairs());
    }

    [Fact]
    public void KeepsEachDocumentsBestFew_FirstOfEqualsWins_LikeAScanOfEverySlot()
    {
        const int documents = 40, capacity = 3;
        var kept = new PartialPartners(documents, capacity);
        var reference = new List<(int Other, double Estimate)>[documents];
        for (int d = 0; d < documents; d++)
        {
            reference[d] = [];
        }

        var rng = new Random(5);
        var offered = new HashSet<(int, int)>();
        for (int i = 0; i < 2_000; i++)
        {
            int a = rng.Next(documents), b = rng.Next(documents);
            if (a == b || !offered.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                continue; // the finder offers each pair once
            }

            // Coarse estimates, so that many are equal.
            double estimate = rng.Next(10) / 10.0;
            kept.Offer(new CandidatePair(Math.Min(a, b), Math.Max(a, b), estimate, CandidateSource.Winnow));
            Offer(reference[a], b, estimate);
            Offer(reference[b], a, estimate);
        }

        var expected = new SortedSet<(int, int)>();
        for (int d = 0; d < documents; d++)
        {
            foreach (var (other, _) in reference[d])
            {
                expected.Add((Math.Min(d, other), Math.Max(d, other)));
            }
        }

        Assert.Equal(expected, kept.Pairs().Select(p => (p.A, p.B)));

        // The weakest slot, the first of equals, is replaced only by a better estimate.
        static void Offer(List<(int Other, double Estimate)> slots, int other, double estimate)
        {
            if (slots.Count < capacity)
            {
                slots.Add((other, estimate));
                return;
            }

            int weakest = 0;
            for (int s = 1; s < slots.Count; s++)
            {
                if (slots[s].Estimate < slots[weakest].Estimate)
                {
                    weakest = s;
                }
            }

            if (slots[weakest].Estimate < estimate)
            {
                slots[weakest] = (other, estimate);
            }
        }
    }
}
