using NearDup.Align;

namespace NearDup.Tests.Align;

public class AlignOptionsTest
{
    [Fact]
    public void Defaults_ArePinned()
    {
        var o = new AlignOptions();
        Assert.Equal(5, o.SeedSize);
        Assert.Equal(8, o.MaxGap);
        Assert.Equal(3, o.ResyncTokens);
        Assert.Equal(10, o.MinPassageTokens);
        Assert.Equal(8, o.MaxSeedOccurrences);
        Assert.Equal(256, o.WorkPerToken);
        Assert.Equal(100_000, o.MaxPassages);
    }

    [Theory]
    [InlineData(nameof(AlignOptions.SeedSize))]
    [InlineData(nameof(AlignOptions.MaxGap))]
    [InlineData(nameof(AlignOptions.ResyncTokens))]
    [InlineData(nameof(AlignOptions.MinPassageTokens))]
    [InlineData(nameof(AlignOptions.MaxSeedOccurrences))]
    [InlineData(nameof(AlignOptions.WorkPerToken))]
    [InlineData(nameof(AlignOptions.MaxPassages))]
    public void Validate_OutOfRange_NamesTheSetting(string name)
    {
        var o = name switch
        {
            nameof(AlignOptions.SeedSize) => new AlignOptions { SeedSize = 0 },
            nameof(AlignOptions.MaxGap) => new AlignOptions { MaxGap = -1 },
            nameof(AlignOptions.ResyncTokens) => new AlignOptions { ResyncTokens = 6 },
            nameof(AlignOptions.MinPassageTokens) => new AlignOptions { MinPassageTokens = 0 },
            nameof(AlignOptions.MaxSeedOccurrences) => new AlignOptions { MaxSeedOccurrences = 0 },
            nameof(AlignOptions.WorkPerToken) => new AlignOptions { WorkPerToken = 0 },
            _ => new AlignOptions { MaxPassages = 0 },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Aligner(o));
        Assert.Equal(name, e.ParamName);
    }
}
