using NearDup.Index;
using NearDup.Semantic;

namespace NearDup.Tests.Index;

public sealed class HnswGraphTest
{
    private const int Dimension = 48;

    [Fact]
    public void Query_OnAGraphOfClusteredVectors_FindsMostExactNeighbours()
    {
        // Clusters of close vectors around shared centres, like documents written from shared templates.
        var random = new Random(5);
        var centres = Enumerable.Range(0, 60).Select(_ => Gaussian(random, 1f)).ToArray();
        var graph = new HnswGraph(Dimension);
        var exact = new SemanticCandidateFinder(Dimension);
        for (int i = 0; i < HnswGraph.ExactBelow + 2000; i++)
        {
            var v = Near(centres[random.Next(centres.Length)], random, 0.35f);
            Assert.Equal(i, graph.Add(v));
            exact.Add(v);
        }

        int found = 0, wanted = 0;
        for (int q = 0; q < 200; q++)
        {
            var query = Near(centres[random.Next(centres.Length)], random, 0.35f);
            var truth = exact.Query(query, 5, 0.5f).Select(x => x.Index).ToHashSet();
            var approximate = graph.Query(query, 5, 0.5f);
            Assert.True(approximate.Count <= 5);
            Assert.All(approximate, x => Assert.True(x.Cosine >= 0.5f));
            wanted += truth.Count;
            found += approximate.Count(x => truth.Contains(x.Index));
        }

        Assert.True(found >= 0.95 * wanted, $"recall {found} of {wanted}");
    }

    [Fact]
    public void Query_BelowTheExactSize_EqualsTheExactSearch()
    {
        var random = new Random(7);
        var graph = new HnswGraph(Dimension);
        var exact = new SemanticCandidateFinder(Dimension);
        for (int i = 0; i < 500; i++)
        {
            var v = Gaussian(random, 1f);
            graph.Add(v);
            exact.Add(v);
        }

        for (int q = 0; q < 20; q++)
        {
            var query = Gaussian(random, 1f);
            Assert.Equal(exact.Query(query, 5, -1f).Select(x => x.Index), graph.Query(query, 5, -1f).Select(x => x.Index));
        }
    }

    [Fact]
    public void Add_RefusesAVectorOfAnotherLength_OrWithANonFiniteValue()
    {
        var graph = new HnswGraph(Dimension);
        Assert.Throws<ArgumentException>(() => graph.Add(new float[Dimension + 1]));
        var bad = new float[Dimension];
        bad[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => graph.Add(bad));
        var query = new float[Dimension];
        query[0] = 1;
        Assert.Empty(graph.Query(query, 3, 0f)); // nothing added
    }

    [Fact]
    public void WrittenAndReadBack_AnswersEveryQueryAsBefore_AndGrowsAsTheOriginal()
    {
        var random = new Random(13);
        var centres = Enumerable.Range(0, 40).Select(_ => Gaussian(random, 1f)).ToArray();
        var graph = new HnswGraph(Dimension);
        for (int i = 0; i < HnswGraph.ExactBelow + 500; i++)
        {
            graph.Add(Near(centres[random.Next(centres.Length)], random, 0.35f));
        }

        using var stream = new MemoryStream();
        graph.Write(stream);
        stream.Position = 0;
        var read = HnswGraph.Read(stream, Dimension);
        Assert.NotNull(read);
        Assert.Equal(graph.Count, read.Count);

        // Grown on both sides: a row's level depends on the row, so the two graphs stay the same.
        for (int i = 0; i < 300; i++)
        {
            var v = Near(centres[random.Next(centres.Length)], random, 0.35f);
            Assert.Equal(graph.Add(v), read.Add(v));
        }

        for (int q = 0; q < 100; q++)
        {
            var query = Near(centres[random.Next(centres.Length)], random, 0.35f);
            Assert.Equal(graph.Query(query, 5, 0.5f), read.Query(query, 5, 0.5f));
        }

        stream.Position = 0;
        Assert.Null(HnswGraph.Read(stream, Dimension + 1)); // other settings: built again
    }

    private static float[] Gaussian(Random random, float scale)
    {
        var v = new float[Dimension];
        for (int d = 0; d < Dimension; d++)
        {
            v[d] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return v;
    }

    private static float[] Near(float[] centre, Random random, float spread)
    {
        var noise = Gaussian(random, spread);
        for (int d = 0; d < Dimension; d++)
        {
            noise[d] += centre[d];
        }

        return noise;
    }
}
