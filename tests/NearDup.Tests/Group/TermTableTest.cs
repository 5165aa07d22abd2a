using NearDup.Group;

namespace NearDup.Tests.Group;

public class TermTableTest
{
    [Fact]
    public void Add_CountsEachWordAsADictionaryDoes_AndReadsOutByHash_AcrossGrowthAndClear()
    {
        var table = new TermTable();
        var random = new Random(11);
        foreach (int words in new[] { 3_000, 40, 700 }) // the first grows the table past 1,024 slots; then cleared
        {
            table.Clear();
            var expected = new Dictionary<ulong, (int Plain, int Names)>();

            for (int i = 0; i < 4 * words; i++)
            {
                // Words 2k and 2k + 1 alike but for the low bit, so both have one home slot (probing, not only direct
                // hits); word 0 hashes to 0.
                int word = random.Next(words);
                ulong hash = word % 97 == 96
                    ? ulong.MaxValue - (ulong)(word % 7) // home in the last slot: probed round to the front
                    : ((ulong)(word >> 1) * 0x9E3779B97F4A7C15UL) ^ (ulong)(word & 1);
                bool name = random.Next(3) == 0;
                table.Add(hash, name);
                expected.TryGetValue(hash, out var tally);
                expected[hash] = name ? (tally.Plain, tally.Names + 1) : (tally.Plain + 1, tally.Names);
            }

            Assert.Equal(expected.Count, table.Count);
            var hashes = new ulong[table.Count];
            var slots = new int[table.Count];
            table.CopySorted(hashes, slots);
            Assert.Equal(expected.Keys.Order(), hashes); // ascending by hash
            for (int i = 0; i < hashes.Length; i++)
            {
                Assert.Equal(expected[hashes[i]], table.Tally(slots[i]));
            }
        }
    }

    [Fact]
    public void IsName_IsUpperOrDigit_ForEveryChar()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            Assert.Equal(char.IsUpper((char)c) || char.IsDigit((char)c), TermVectorBuilder.IsName((char)c));
        }
    }
}
