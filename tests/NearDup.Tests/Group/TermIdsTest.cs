using NearDup.Group;

namespace NearDup.Tests.Group;

public class TermIdsTest
{
    [Fact]
    public void IdOf_FromManyThreads_GivesEachWordOneId_AndTheIdsAreDense()
    {
        var ids = new TermIds();
        var words = new ulong[50_000];
        var random = new Random(7);
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (ulong)random.NextInt64() | 1; // low bits alike in pairs: probing, not only direct hits
        }

        int[] steps = [7919, 7927, 7933, 7937]; // primes, so each visits every word once
        var seen = new int[steps.Length][];
        Parallel.For(0, seen.Length, t =>
        {
            var mine = new int[words.Length];
            for (int k = 0; k < words.Length; k++)
            {
                int i = (int)((long)k * steps[t] % words.Length); // each thread meets the words in its own order
                mine[i] = ids.IdOf(words[i]);
            }

            seen[t] = mine;
        });

        int distinct = words.Distinct().Count();
        Assert.Equal(distinct, ids.Count);
        foreach (var mine in seen)
        {
            Assert.Equal(seen[0], mine);
        }

        var hashes = new ulong[ids.Count];
        var stored = new int[ids.Count];
        Assert.Equal(distinct, ids.CopyTo(hashes, stored));
        Assert.Equal(Enumerable.Range(0, distinct), stored.Order());
        for (int k = 0; k < hashes.Length; k++)
        {
            Assert.Equal(stored[k], ids.IdOf(hashes[k]));
        }
    }

    [Fact]
    public void Clear_StartsTheIdsAgainAtZero()
    {
        var ids = new TermIds();
        Assert.Equal(0, ids.IdOf(42));
        Assert.Equal(1, ids.IdOf(7));
        Assert.Equal(0, ids.IdOf(42));
        ids.Clear();
        Assert.Equal(0, ids.Count);
        Assert.Equal(0, ids.IdOf(7));
    }
}
