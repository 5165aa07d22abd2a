using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Candidates;

public class CandidateFinderTest
{
    private static readonly Fingerprinter Fingerprinter = new();

    [Fact]
    public void PlantedContainment_IsFoundByWinnow_ThoughLshMissesIt()
    {
        var random = new Random(21);
        string[] excerpt = RandomText.Words(random, 300);
        string host = string.Join(' ', [.. RandomText.Words(random, 1400), .. excerpt, .. RandomText.Words(random, 1300)]);
        DocumentFingerprint small = Fingerprinter.Compute(string.Join(' ', excerpt));
        DocumentFingerprint large = Fingerprinter.Compute(host);

        // Whole-document Jaccard is about 0.1: MinHash LSH at 0.5 does not pair them.
        var lsh = new MinHashLsh(0.5);
        lsh.Insert(0, small.Signature);
        var hits = new List<int>();
        lsh.Query(large.Signature, hits);
        Assert.Empty(hits);

        var finder = new CandidateFinder();
        finder.Add(small);
        finder.Add(large);
        for (int i = 0; i < 20; i++)
        {
            finder.Add(Fingerprinter.Compute(RandomText.Text(random, 500)));
        }

        CandidatePair pair = Assert.Single(finder.FindPairs());
        Assert.Equal((0, 1), (pair.A, pair.B));
        Assert.Equal(CandidateSource.Winnow, pair.Source);
        Assert.InRange(pair.Estimate, 0.95, 1.0);
    }

    [Fact]
    public void FindPairs_WithCopyBound_KeepsEveryCopy_AndEachDocumentsBestPartials()
    {
        var random = new Random(23);
        string[] hub = RandomText.Words(random, 1000);
        var finder = new CandidateFinder();
        finder.Add(Fingerprinter.Compute(string.Join(' ', hub)));
        finder.Add(Fingerprinter.Compute(string.Join(' ', hub))); // a copy
        for (int i = 0; i < 16; i++)
        {
            // Overlapping slices of the hub inside text of their own: partial overlaps with the hub and each other.
            finder.Add(Fingerprinter.Compute(string.Join(' ', [.. RandomText.Words(random, 300), .. hub.Skip(i * 40).Take(120), .. RandomText.Words(random, 300)])));
        }

        const double Bound = 0.3;
        const int Partners = 2;
        var all = finder.FindPairs();
        var copies = finder.FindPairs(Bound, Partners, out var partial);

        bool IsCopy(CandidatePair p) => (p.Source & CandidateSource.ExactHash) != 0 || p.Estimate >= Bound;
        Assert.Equal(all.Where(IsCopy), copies);
        var partials = all.Where(p => !IsCopy(p)).ToList();
        Assert.True(partials.Count > 40);
        Assert.Subset(partials.Select(p => (p.A, p.B)).ToHashSet(), partial.Select(p => (p.A, p.B)).ToHashSet());
        Assert.True(partial.Count < partials.Count);
        for (int d = 0; d < 18; d++)
        {
            var best = partials.Where(p => p.A == d || p.B == d).OrderByDescending(p => p.Estimate).Take(Partners);
            Assert.All(best, p => Assert.Contains(p, partial));
        }
    }

    [Fact]
    public void UnrelatedRandomTexts_AreNotPaired()
    {
        var random = new Random(22);
        var finder = new CandidateFinder();
        for (int i = 0; i < 300; i++)
        {
            finder.Add(Fingerprinter.Compute(RandomText.Text(random, random.Next(50, 800))));
        }

        Assert.Empty(finder.FindPairs());
    }

    [Fact]
    public void ExactAndNearCopies_ArePaired_WithTheirSources()
    {
        var random = new Random(23);
        string[] words = RandomText.Words(random, 400);
        string[] edited = (string[])words.Clone();
        edited[200] = "changed";
        var finder = new CandidateFinder();
        finder.Add(Fingerprinter.Compute(string.Join(' ', words)));                 // 0
        finder.Add(Fingerprinter.Compute(RandomText.Text(random, 400)));             // 1 unrelated
        finder.Add(Fingerprinter.Compute(string.Join(' ', words).ToUpperInvariant())); // 2 exact after normalisation
        finder.Add(Fingerprinter.Compute(string.Join(' ', edited)));                 // 3 near copy
        finder.Add(Fingerprinter.Compute(""));                                       // 4 empty
        finder.Add(Fingerprinter.Compute("..."));                                    // 5 empty

        IReadOnlyList<CandidatePair> pairs = finder.FindPairs();
        Assert.Equal([(0, 2), (0, 3), (2, 3)], pairs.Select(p => (p.A, p.B)));
        Assert.Equal(CandidateSource.All, pairs[0].Source);
        Assert.Equal(1.0, pairs[0].Estimate);
        Assert.Equal(CandidateSource.MinHash | CandidateSource.Winnow, pairs[1].Source);
        Assert.InRange(pairs[1].Estimate, 0.85, 1.0);
    }

    [Fact]
    public void PartialReuse_OfAParagraph_IsFound()
    {
        var random = new Random(24);
        string[] paragraph = RandomText.Words(random, 40);
        string a = string.Join(' ', [.. RandomText.Words(random, 400), .. paragraph, .. RandomText.Words(random, 100)]);
        string b = string.Join(' ', [.. RandomText.Words(random, 150), .. paragraph, .. RandomText.Words(random, 300)]);
        var finder = new CandidateFinder();
        finder.Add(Fingerprinter.Compute(a));
        finder.Add(Fingerprinter.Compute(b));
        CandidatePair pair = Assert.Single(finder.FindPairs());
        Assert.Equal(CandidateSource.Winnow, pair.Source);
    }

    [Fact]
    public void Query_AgreesWithFindPairs()
    {
        var random = new Random(25);
        string[] excerpt = RandomText.Words(random, 200);
        var finder = new CandidateFinder();
        for (int i = 0; i < 10; i++)
        {
            finder.Add(Fingerprinter.Compute(RandomText.Text(random, 300)));
        }

        string host = string.Join(' ', [.. RandomText.Words(random, 500), .. excerpt]);
        finder.Add(Fingerprinter.Compute(host));                                   // 10
        IReadOnlyList<CandidateMatch> matches = finder.Query(Fingerprinter.Compute(string.Join(' ', excerpt)));
        CandidateMatch match = Assert.Single(matches);
        Assert.Equal(10, match.Document);
        Assert.Equal(CandidateSource.Winnow, match.Source);
        Assert.Empty(finder.Query(Fingerprinter.Compute(RandomText.Text(random, 300))));
    }

    [Fact]
    public void Options_Defaults_ArePinned_AndValidated()
    {
        var o = new CandidateOptions();
        Assert.Equal((0.5, 3, 0.05, 100, CandidateSource.All), (o.LshThreshold, o.MinSharedFingerprints, o.MinContainment, o.MaxPostings, o.Sources));
        Assert.Equal((25, 5), new CandidateFinder().LshParameters);
        Assert.Equal("MaxPostings", Assert.Throws<ArgumentOutOfRangeException>(() => new CandidateFinder(o with { MaxPostings = 1 })).ParamName);
        Assert.Equal("Sources", Assert.Throws<ArgumentOutOfRangeException>(() => new CandidateFinder(o with { Sources = CandidateSource.None })).ParamName);
    }

    [Fact]
    public void Add_SignatureOfOtherLength_Throws()
    {
        DocumentFingerprint fp = new Fingerprinter(new FingerprintOptions { NumPermutations = 64 }).Compute("some words here");
        var e = Assert.Throws<ArgumentException>(() => new CandidateFinder().Add(fp));
        Assert.Contains("NumPermutations", e.Message, StringComparison.Ordinal);
    }
}
