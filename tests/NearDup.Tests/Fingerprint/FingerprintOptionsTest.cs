using NearDup.Fingerprint;

namespace NearDup.Tests.Fingerprint;

public class FingerprintOptionsTest
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var o = new FingerprintOptions();
        Assert.Equal(5, o.ShingleSize);
        Assert.Equal(128, o.NumPermutations);
        Assert.Equal(1UL, o.Seed);
        Assert.Equal(6, o.WinnowWindow);
        Assert.Equal(10, o.GuaranteeThreshold);
        Assert.False(o.KeepWinnowPositions);
    }

    [Theory]
    [InlineData(0, 128, 6, "ShingleSize")]
    [InlineData(5, 0, 6, "NumPermutations")]
    [InlineData(5, 128, 0, "WinnowWindow")]
    public void Validate_OutOfRange_NamesProperty(int shingle, int perms, int window, string name)
    {
        var o = new FingerprintOptions { ShingleSize = shingle, NumPermutations = perms, WinnowWindow = window };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.Validate());
        Assert.Equal(name, e.ParamName);
    }
}
