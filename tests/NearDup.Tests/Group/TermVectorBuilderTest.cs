using NearDup.Group;
using NearDup.Text;

namespace NearDup.Tests.Group;

public class TermVectorBuilderTest
{
    private static readonly string[] Texts =
    [
        "Ferry sinks off Sicily coast, 40 rescued",
        "Ferry sinks off the Sicily coast; 40 rescued by fishermen",
        "Parliament approves new budget",
        "Parliament approves budget today after long debate",
        "Ferry sinks off Sicily coast",
    ];

    [Fact]
    public void Add_BeyondTheGivenCount_GrowsAndMatchesABuilderSizedUpFront()
    {
        var sized = new TermVectorBuilder(Texts.Length, nameBoost: 2);
        var grown = new TermVectorBuilder(0, nameBoost: 2);
        for (int d = Texts.Length - 1; d >= 0; d--)
        {
            sized.Add(d, Texts[d]);
            grown.Add(d, Texts[d].AsSpan(), Tokenizer.Tokenize(Texts[d]));
        }

        TermVectors a = sized.Build(), b = grown.Build();
        Assert.Equal(Texts.Length, b.Count);
        for (int x = 0; x < Texts.Length; x++)
        {
            Assert.Equal(a.TermCount(x), b.TermCount(x));
            for (int y = 0; y < Texts.Length; y++)
            {
                Assert.Equal(a.Cosine(x, y), b.Cosine(x, y), 6);
                Assert.Equal(a.FullCosine(x, y), b.FullCosine(x, y), 6);
            }
        }
    }

    [Fact]
    public void Spill_CosinesReadBackFromTheFile_AreTheOnesInMemory()
    {
        TermVectors Build()
        {
            var builder = new TermVectorBuilder(0, nameBoost: 2);
            for (int d = 0; d < Texts.Length; d++)
            {
                builder.Add(d, Texts[d]);
            }

            return builder.Build();
        }

        using var held = Build();
        using var spilled = Build();
        spilled.Spill(null, minBytes: 0);
        for (int x = 0; x < Texts.Length; x++)
        {
            Assert.Equal(held.TermCount(x), spilled.TermCount(x));
            for (int y = 0; y < Texts.Length; y++)
            {
                Assert.Equal(held.Cosine(x, y), spilled.Cosine(x, y));
                Assert.Equal(held.FullCosine(x, y), spilled.FullCosine(x, y));
            }
        }

        Assert.Throws<InvalidOperationException>(() => spilled.FindPairs(2, 0.1));
    }

    [Fact]
    public void Spill_ToAFolderThatCannotBeWritten_KeepsTheRowsAndTheSearch()
    {
        var builder = new TermVectorBuilder(0, nameBoost: 2);
        for (int d = 0; d < Texts.Length; d++)
        {
            builder.Add(d, Texts[d]);
        }

        using var vectors = builder.Build();
        double before = vectors.Cosine(0, 1);
        vectors.Spill(Path.Combine(Path.GetTempPath(), "neardup-no-such-folder-" + Guid.NewGuid().ToString("N")), minBytes: 0);
        Assert.Equal(before, vectors.Cosine(0, 1));
        _ = vectors.FindPairs(2, 0.1); // not spilled: the search still runs
    }

    [Fact]
    public void Add_InParallel_CountsEveryDocument()
    {
        var builder = new TermVectorBuilder(0, nameBoost: 2);
        Parallel.For(0, 2000, d => builder.Add(d, Texts[d % Texts.Length]));
        var terms = builder.Build();
        Assert.Equal(2000, terms.Count);
        Assert.Equal(1, terms.Cosine(0, 1995), 5);
        Assert.Equal(1, terms.Cosine(3, 1998), 5);
    }

    [Fact]
    public void Add_DocumentOfManyDistinctWords_CountsEachWordOnce()
    {
        // 5,000 distinct words outgrow the per-thread count table several times; repeats of one word still add up.
        string many = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"w{i}")) + " Ferry Ferry Ferry";
        var builder = new TermVectorBuilder(0, nameBoost: 2);
        builder.Add(0, many);
        builder.Add(1, many);
        builder.Add(2, Texts[2]);
        builder.Add(3, "w7 Ferry");
        var terms = builder.Build();
        Assert.Equal(5001, terms.TermCount(0));
        Assert.Equal(1, terms.Cosine(0, 1), 5);
        Assert.Equal(0, terms.Cosine(0, 2));
        Assert.True(terms.Cosine(0, 3) > 0);
    }

    [Fact]
    public void Add_WordsCountedSixteenTimesOrMore_WeighByTheirFullCounts()
    {
        // Counts under 16 are packed with the word's id; larger ones are kept apart: both must weigh as (1 + ln tf) × idf.
        var builder = new TermVectorBuilder(3, nameBoost: 2);
        builder.Add(0, string.Concat(Enumerable.Repeat("apple ", 20)) + string.Concat(Enumerable.Repeat("Berlin ", 17)) + "pear");
        builder.Add(1, "apple Berlin kiwi");
        builder.Add(2, "pear kiwi plum");
        var terms = builder.Build();

        // Every kept word is in two of three documents (plum, in one, is left out): idf alike, so it cancels.
        double apple = 1 + Math.Log(20), berlin = 1 + Math.Log(17 * 3), pear = 1;
        double other = 1 + Math.Log(3);
        double expected = ((apple * 1) + (berlin * other)) /
            (Math.Sqrt((apple * apple) + (berlin * berlin) + (pear * pear)) * Math.Sqrt(1 + (other * other) + 1));
        Assert.Equal(3, terms.TermCount(0));
        Assert.Equal(expected, terms.Cosine(0, 1), 5);
    }

    [Fact]
    public void Build_ReleasingTheCounts_GivesTheSameVectors_InAnyOrderOfAdding()
    {
        var forward = new TermVectorBuilder(Texts.Length, nameBoost: 2);
        var backward = new TermVectorBuilder(Texts.Length, nameBoost: 2);
        for (int d = 0; d < Texts.Length; d++)
        {
            forward.Add(d, Texts[d]);
            backward.Add(Texts.Length - 1 - d, Texts[Texts.Length - 1 - d]);
        }

        TermVectors kept = forward.Build(), released = backward.Build(release: true);
        for (int x = 0; x < Texts.Length; x++)
        {
            Assert.Equal(kept.TermCount(x), released.TermCount(x));
            for (int y = 0; y < Texts.Length; y++)
            {
                // Term ids are ranked by word hash whatever order words were first seen in: the same sums, bit for bit.
                Assert.Equal(kept.Cosine(x, y), released.Cosine(x, y));
            }
        }

        Assert.Equal(0, backward.Build().TermCount(0));
    }

    [Fact]
    public void Add_NegativeOrdinal_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TermVectorBuilder(2, 0).Add(-1, "a b"));

    [Fact]
    public void FindPairs_ReportsTheExactCosine_OfEachPair()
    {
        var builder = new TermVectorBuilder(Texts.Length, nameBoost: 2);
        for (int d = 0; d < Texts.Length; d++)
        {
            builder.Add(d, Texts[d]);
        }

        var terms = builder.Build();
        var pairs = terms.FindPairs(2, 0.05, searchTerms: 2);
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.Equal(terms.Cosine(p.A, p.B), p.Cosine, 9));
        Assert.Contains(pairs, p => (p.A, p.B) == (0, 1));
    }
}
