using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Candidates;

public class MinHashLshTest
{
    private static readonly Fingerprinter Fingerprinter = new();

    [Fact]
    public void Query_FindsNearCopies_NotUnrelatedTexts()
    {
        var random = new Random(11);
        string[] words = RandomText.Words(random, 400);
        string[] edited = (string[])words.Clone();
        edited[100] = "changed";
        edited[300] = "changed";
        var lsh = new MinHashLsh(threshold: 0.5);
        lsh.Insert(1, Fingerprinter.Compute(string.Join(' ', edited)).Signature);
        lsh.Insert(2, Fingerprinter.Compute(RandomText.Text(random, 400)).Signature);
        var results = new List<int>();
        lsh.Query(Fingerprinter.Compute(string.Join(' ', words)).Signature, results);
        Assert.Equal([1], results);
    }

    [Fact]
    public void Query_CollidesOnTheSamePairs_AsTheScansBandIndex()
    {
        // One band hashing for both: the public index and the scan's flat index must propose the same pairs.
        var random = new Random(5);
        var fingerprints = new List<DocumentFingerprint>();
        for (int family = 0; family < 12; family++)
        {
            string[] words = RandomText.Words(random, 200);
            for (int copy = 0; copy < 3; copy++)
            {
                string[] edited = (string[])words.Clone();
                for (int e = 0; e < copy * 12; e++)
                {
                    edited[random.Next(edited.Length)] = "edit" + e;
                }

                fingerprints.Add(Fingerprinter.Compute(string.Join(' ', edited)));
            }
        }

        var finder = new CandidateFinder(new CandidateOptions { Sources = CandidateSource.MinHash });
        var lsh = new MinHashLsh(threshold: 0.5);
        for (int i = 0; i < fingerprints.Count; i++)
        {
            Assert.Equal(i, finder.Add(fingerprints[i]));
            lsh.Insert(i, fingerprints[i].Signature);
        }

        Assert.Equal(finder.LshParameters, (lsh.Bands, lsh.Rows));
        var fromLsh = new List<(int, int)>();
        var results = new List<int>();
        for (int i = 0; i < fingerprints.Count; i++)
        {
            results.Clear();
            lsh.Query(fingerprints[i].Signature, results);
            fromLsh.AddRange(results.Where(j => j > i).Select(j => (i, j)));
        }

        var fromFinder = finder.FindPairs().Select(p => (p.A, p.B)).Order().ToList();
        Assert.NotEmpty(fromFinder);
        Assert.Equal(fromFinder, fromLsh.Order().ToList());
    }

    [Fact]
    public void Insert_SameKeyTwice_Throws()
    {
        var lsh = new MinHashLsh();
        lsh.Insert(1, new uint[128]);
        var e = Assert.Throws<ArgumentException>(() => lsh.Insert(1, new uint[128]));
        Assert.Contains("already", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_ReturnsEachKeyOnce()
    {
        var lsh = new MinHashLsh(0.5);
        lsh.Insert(7, new uint[128]);
        var results = new List<int> { 99 };
        lsh.Query(new uint[128], results);
        Assert.Equal([99, 7], results); // appended, collided in all 25 bands, listed once
    }

    [Theory]
    [InlineData(-0.1, 128, 0.5, "threshold")]
    [InlineData(1.1, 128, 0.5, "threshold")]
    [InlineData(0.5, 1, 0.5, "numPermutations")]
    [InlineData(0.5, 128, 1.5, "weights")]
    public void Constructor_BadArguments_NameTheParameter(double threshold, int k, double fp, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MinHashLsh(threshold, k, (fp, 0.5)));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Constructor_WeightsNotSummingToOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinHashLsh(0.5, 128, (0.3, 0.3)));

    [Fact]
    public void Signature_OfWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new MinHashLsh().Insert(1, new uint[64]));

    [Fact]
    public void ExplicitParams_AreKept()
    {
        var lsh = new MinHashLsh(bands: 16, rows: 8, numPermutations: 128);
        Assert.Equal((16, 8), (lsh.Bands, lsh.Rows));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinHashLsh(bands: 16, rows: 9, numPermutations: 128));
    }
}
