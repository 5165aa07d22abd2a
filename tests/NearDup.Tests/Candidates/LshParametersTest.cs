using NearDup.Candidates;

namespace NearDup.Tests.Candidates;

public class LshParametersTest
{
    // Expected values printed by datasketch (shared/peers/datasketch) with scipy:
    // MinHashLSH(threshold=t, num_perm=k, weights=(fp, fn)).b, .r
    [Theory]
    [InlineData(0.5, 128, 0.5, 25, 5)]
    [InlineData(0.8, 128, 0.5, 9, 13)]
    [InlineData(0.9, 128, 0.5, 5, 25)]
    [InlineData(0.1, 128, 0.5, 64, 2)]
    [InlineData(0.3, 128, 0.5, 37, 3)]
    [InlineData(0.7, 128, 0.5, 14, 9)]
    [InlineData(0.95, 128, 0.5, 3, 42)]
    [InlineData(0.5, 64, 0.5, 14, 4)]
    [InlineData(0.8, 64, 0.5, 5, 11)]
    [InlineData(0.9, 256, 0.5, 9, 28)]
    [InlineData(0.5, 256, 0.5, 42, 6)]
    [InlineData(0.5, 128, 0.2, 30, 4)]
    [InlineData(0.9, 128, 0.2, 7, 18)]
    public void BandsAndRows_MatchDatasketch(double threshold, int k, double fpWeight, int bands, int rows)
    {
        var lsh = new MinHashLsh(threshold, k, (fpWeight, 1 - fpWeight));
        Assert.Equal((bands, rows), (lsh.Bands, lsh.Rows));
    }

    [Fact]
    public void Kronrod15_IsExactOnPolynomialsOfDegree22()
    {
        Assert.Equal(1.0 / 23, LshParameters.Kronrod15(x => Math.Pow(x, 22), 0, 1, out _), 14);
        Assert.Equal(1.0 / 101, LshParameters.Integrate(x => Math.Pow(x, 100), 0, 1), 13);
    }
}
