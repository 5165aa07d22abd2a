using FsCheck;
using FsCheck.Xunit;
using NearDup.Fingerprint;

namespace NearDup.Tests.Fingerprint;

public class MinHashTest
{
    private static readonly FingerprintOptions Options = new();

    [Property(MaxTest = 200)]
    public bool Estimate_IsWithinFourOverSqrtK_OfExactJaccard(int seed, byte sharedPercent)
    {
        (ulong[] a, ulong[] b, double exact) = RandomSets(new Random(seed), sharedPercent % 101);
        double estimate = MinHash.Jaccard(Signature(a), Signature(b));
        return Math.Abs(estimate - exact) <= 4 / Math.Sqrt(Options.NumPermutations);
    }

    [Fact]
    public void Estimate_IsUnbiased_OverManySets()
    {
        var random = new Random(7);
        double signed = 0, absolute = 0;
        const int Cases = 300;
        for (int i = 0; i < Cases; i++)
        {
            (ulong[] a, ulong[] b, double exact) = RandomSets(random, random.Next(0, 101));
            double error = MinHash.Jaccard(Signature(a), Signature(b)) - exact;
            signed += error;
            absolute += Math.Abs(error);
        }

        // Standard error per case is at most 0.044 (J = 0.5, k = 128): the mean is far tighter.
        Assert.InRange(signed / Cases, -0.015, 0.015);
        Assert.InRange(absolute / Cases, 0, 0.05);
    }

    [Fact]
    public void Jaccard_OfIdenticalSets_IsOne()
    {
        ulong[] a = RandomSets(new Random(1), 50).A;
        Assert.Equal(1.0, MinHash.Jaccard(Signature(a), Signature([.. a.Reverse()])));
    }

    [Fact]
    public void Signature_OfEmptySet_IsAllMax() =>
        Assert.All(Signature([]), v => Assert.Equal(uint.MaxValue, v));

    [Theory]
    [InlineData(128)]
    [InlineData(100)]
    [InlineData(7)]
    public void VectorPath_EqualsScalarDefinition(int k)
    {
        var options = new FingerprintOptions { NumPermutations = k, Seed = 42 };
        ulong[] shingles = RandomSets(new Random(k), 30).A;
        var fast = new uint[k];
        MinHash.Compute(shingles, fast, options);
        var slow = new uint[k];
        slow.AsSpan().Fill(uint.MaxValue);
        MinHash.AccumulateScalar(shingles, slow, MinHashPermutations.Get(42, k));
        Assert.Equal(slow, fast);
    }

    [Fact]
    public void Incremental_EqualsOneShot()
    {
        ulong[] shingles = RandomSets(new Random(9), 30).A;
        var mh = new MinHash(Options);
        foreach (ulong s in shingles)
        {
            mh.Update(s);
        }

        var incremental = new uint[128];
        mh.WriteSignature(incremental);
        Assert.Equal(Signature(shingles), incremental);
    }

    [Fact]
    public void Seed_ChangesTheSignature()
    {
        ulong[] shingles = RandomSets(new Random(2), 30).A;
        var other = new uint[128];
        MinHash.Compute(shingles, other, Options with { Seed = 2 });
        Assert.True(MinHash.Jaccard(Signature(shingles), other) < 0.2);
    }

    [Fact]
    public void Jaccard_OfDifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => MinHash.Jaccard(new uint[128], new uint[64]));

    [Fact]
    public void Compute_WrongSignatureLength_Throws() =>
        Assert.Throws<ArgumentException>(() => MinHash.Compute([1UL], new uint[64], Options));

    private static uint[] Signature(ulong[] shingles)
    {
        var signature = new uint[Options.NumPermutations];
        MinHash.Compute(shingles, signature, Options);
        return signature;
    }

    // Two sets over a union of random size with about sharedPercent of it in both; returns their exact Jaccard.
    private static (ulong[] A, ulong[] B, double Exact) RandomSets(Random random, int sharedPercent)
    {
        int union = random.Next(20, 1500);
        var a = new List<ulong>();
        var b = new List<ulong>();
        int both = 0;
        for (int i = 0; i < union; i++)
        {
            ulong h = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            if (random.Next(100) < sharedPercent)
            {
                a.Add(h);
                b.Add(h);
                both++;
            }
            else if (random.Next(2) == 0)
            {
                a.Add(h);
            }
            else
            {
                b.Add(h);
            }
        }

        return ([.. a], [.. b], (double)both / union);
    }
}
