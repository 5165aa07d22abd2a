using NearDup.Fingerprint;

namespace NearDup.Tests.Fingerprint;

public class HashSortTest
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(150)]
    [InlineData(600)]
    [InlineData(5_000)]
    [InlineData(40_000)] // past the buckets: introsort
    public void Sort_OrdersTheKeys_WithTheirValues(int n)
    {
        var random = new Random(n);
        // Some keys repeat, and some share their top bits (one bucket), besides uniform ones.
        var keys = Enumerable.Range(0, n).Select(i => (i % 7) switch
        {
            0 when i > 0 => (ulong)random.NextInt64(),
            1 => 0xABCD_0000_0000_0000UL + (uint)random.Next(1000),
            _ => ((ulong)random.NextInt64() << 1) ^ (ulong)random.Next(2),
        }).ToArray();
        for (int i = 3; i < n; i += 11)
        {
            keys[i] = keys[i - 3];
        }

        int[] values = Enumerable.Range(0, n).ToArray();
        ulong[] original = [.. keys];
        var expected = keys.Zip(values).OrderBy(e => e.First).ToArray(); // stable
        HashSort.Sort(keys, values);
        Assert.Equal(expected.Select(e => e.First), keys);
        if (n <= HashSort.MaxBucketed)
        {
            Assert.Equal(expected.Select(e => e.Second), values);
        }
        else
        {
            Assert.All(Enumerable.Range(0, n), i => Assert.Equal(original[values[i]], keys[i]));
        }
    }
}
