using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

public class MappedResourceTest
{
    [Fact]
    public void Release_AfterAResourceIsRead_LeavesItReadableAsBefore()
    {
        var assembly = typeof(MiniLmEncoder).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".ndst", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        var first = new byte[stream.Length];
        stream.ReadExactly(first);

        MappedResource.Release(stream); // its pages leave the resident set and come back from the file
        MappedResource.Release(new MemoryStream(first)); // not a mapping: nothing

        stream.Position = 0;
        var again = new byte[stream.Length];
        stream.ReadExactly(again);
        Assert.True(first.AsSpan().SequenceEqual(again));
    }
}
