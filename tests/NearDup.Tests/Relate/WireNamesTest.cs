using System.Text.Json;
using NearDup.Align;
using NearDup.Pipeline;
using NearDup.Relate;

namespace NearDup.Tests.Relate;

public class WireNamesTest
{
    [Fact]
    public void EveryKind_HasOneName_SharedByTheReportsJsonAndParsing()
    {
        Check<RelationKind>();
        Check<Direction>();
        Check<PassageKind>();
        Check<FurnitureKind>();
    }

    [Fact]
    public void PassageAndFurnitureKinds_KeepTheirReportNames()
    {
        Assert.Equal(["verbatim", "edited", "paraphrase"], Enum.GetValues<PassageKind>().Select(WireNames.Of));
        Assert.Equal(["intrusion", "boilerplate"], Enum.GetValues<FurnitureKind>().Select(WireNames.Of));
        Assert.Equal(["none", "a_inside_b", "b_inside_a", "a_from_b", "b_from_a"], Enum.GetValues<Direction>().Select(WireNames.Of));
    }

    [Fact]
    public void UnknownNamesAndValues_AreRefused()
    {
        Assert.False(WireNames.TryParse<RelationKind>("Exact", out _)); // names are case-sensitive
        Assert.False(WireNames.TryParse<RelationKind>(null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((RelationKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((Direction)(-1)));
    }

    private static void Check<TEnum>()
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            string name = WireNames.Of(value);
            Assert.Matches("^[a-z]+(_[a-z]+)*$", name);
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value));
            Assert.True(WireNames.TryParse<TEnum>(name, out var parsed));
            Assert.Equal(value, parsed);
        }
    }
}
