using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

public class SemanticCandidateFinderTest
{
    [Fact]
    public void FindPairs_WithStaticVectors_PairsTheSeedsAndLeavesUnrelatedNewsAlone()
    {
        var texts = new[] { "000", "001", "002", "003", "004" }.Select(SemanticTestData.Seed).Concat(UnrelatedNews.All).ToArray();
        var finder = new SemanticCandidateFinder(StaticEmbeddingEncoder.Default.Dimension);
        foreach (string text in texts)
        {
            finder.Add(SemanticDocument.Create(text, StaticEmbeddingEncoder.Default).Vector);
        }

        var pairs = finder.FindPairs(k: 8, minCosine: 0.7f);
        var keys = pairs.Select(p => (p.A, p.B)).ToHashSet();
        for (int a = 0; a < 5; a++)
        {
            for (int b = a + 1; b < 5; b++)
            {
                Assert.Contains((a, b), keys);
            }
        }

        Assert.All(pairs, p => Assert.True(p.B < 5, $"unrelated text {p.B} paired with {p.A} at {p.Cosine:F2}"));
        Assert.All(pairs, p => Assert.True(p.A < p.B));
    }

    [Theory]
    [InlineData(300, 24)]
    [InlineData(301, 20)] // odd column count past each block; dimension not a multiple of the vector width
    public void FindPairs_MatchesBruteForceTopK(int n, int dim)
    {
        const int k = 3;
        var rng = new Random(7);
        var finder = new SemanticCandidateFinder(dim);
        var data = new float[n][];
        for (int i = 0; i < n; i++)
        {
            data[i] = new float[dim];
            for (int d = 0; d < dim; d++)
            {
                data[i][d] = (float)(rng.NextDouble() - 0.5);
            }

            finder.Add(data[i]);
            SemanticVector.Normalize(data[i]);
        }

        var expected = new HashSet<(int, int)>();
        for (int i = 0; i < n; i++)
        {
            var best = Enumerable.Range(0, n).Where(j => j != i)
                .Select(j => (j, c: SemanticVector.Dot(data[i], data[j])))
                .Where(x => x.c >= 0.3f).OrderByDescending(x => x.c).Take(k);
            foreach (var (j, _) in best)
            {
                expected.Add((Math.Min(i, j), Math.Max(i, j)));
            }
        }

        var actual = finder.FindPairs(k, 0.3f).Select(p => (p.A, p.B)).ToHashSet();
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void Add_RejectsWrongDimensionAndNonFiniteValues()
    {
        var finder = new SemanticCandidateFinder(4);
        Assert.Throws<ArgumentException>(() => finder.Add(new float[3]));
        Assert.Throws<ArgumentException>(() => finder.Add(new[] { 1f, float.NaN, 0, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => finder.FindPairs(0, 0.5f));
        Assert.Empty(finder.FindPairs(5, 0.5f));
    }

    [Fact]
    public void Query_ReturnsNearestFirst()
    {
        var finder = new SemanticCandidateFinder(2);
        finder.Add([1, 0]);
        finder.Add([0, 1]);
        finder.Add([1, 1]);
        var hits = finder.Query([1, 0.1f], k: 2, minCosine: 0);
        Assert.Equal([0, 2], hits.Select(h => h.Index));
    }
}
