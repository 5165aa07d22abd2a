using NearDup.Candidates;

namespace NearDup.Tests.Passages;

public class WinnowPositionsTest
{
    [Fact]
    public void Positions_TravelWithTheirPostings_ThroughSortsAndMerges()
    {
        var index = new PostingIndex(keepPositions: true);
        index.Add(0, [30, 10, 20, 10], [3, 1, 2, 0]); // unsorted, 10 repeated: its first position (0) is kept
        index.Add(1, [10, 40], [7, 8]);
        _ = index.FingerprintCount(0); // sorts
        index.Add(2, [5, 40], [9, 6]);
        var (hashes, documents, positions) = index.SortedPostings();
        var postings = Enumerable.Range(0, hashes.Length)
            .Select(i => (hashes.Span[i], documents.Span[i], positions.Span[i])).OrderBy(p => p).ToArray();
        Assert.Equal(
            [(5UL, 2, 9), (10UL, 0, 0), (10UL, 1, 7), (20UL, 0, 2), (30UL, 0, 3), (40UL, 1, 8), (40UL, 2, 6)],
            postings);
    }

    [Fact]
    public void Add_WithoutPositions_WhenKept_Throws()
    {
        var index = new PostingIndex(keepPositions: true);
        Assert.Throws<ArgumentException>(() => index.Add(0, [1, 2]));
    }
}
