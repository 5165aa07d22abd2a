using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Fingerprint;

public class FingerprinterTest
{
    [Fact]
    public void Compute_FillsEveryPart()
    {
        string text = RandomText.Text(new Random(1), 300);
        var fp = new Fingerprinter(new FingerprintOptions { KeepWinnowPositions = true }).Compute(text);
        Token[] tokens = Tokenizer.Tokenize(text);
        Assert.Equal(300, fp.TokenCount);
        Assert.Equal(296, fp.ShingleCount);
        Assert.Equal(128, fp.Signature.Length);
        Assert.Equal(ContentHash.Compute(tokens), fp.ContentHash);
        Assert.Equal(fp.Winnow.Length, fp.WinnowPositions.Length);
        Assert.True(fp.Winnow.Zip(fp.Winnow.Skip(1)).All(p => p.First < p.Second), "winnow hashes sorted and distinct");
        ulong[] shingles = ShinglerTest.Shingles(tokens, 5);
        for (int i = 0; i < fp.Winnow.Length; i++)
        {
            Assert.Equal(fp.Winnow[i], shingles[fp.WinnowPositions[i]]);
        }
    }

    [Fact]
    public void EmptyText_IsEmpty()
    {
        var fp = new Fingerprinter().Compute("  ...  ");
        Assert.True(fp.IsEmpty);
        Assert.Empty(fp.Winnow);
        Assert.All(fp.Signature, v => Assert.Equal(uint.MaxValue, v));
    }

    [Fact]
    public void ParallelCalls_GiveTheSameResultsAsSequential()
    {
        var fingerprinter = new Fingerprinter();
        string[] texts = [.. Enumerable.Range(0, 64).Select(i => RandomText.Text(new Random(i), 50 + (i * 37)))];
        DocumentFingerprint[] sequential = [.. texts.Select(t => fingerprinter.Compute(t))];
        var parallel = new DocumentFingerprint[texts.Length];
        Parallel.For(0, texts.Length, i => parallel[i] = fingerprinter.Compute(texts[i]));
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential[i].ContentHash, parallel[i].ContentHash);
            Assert.Equal(sequential[i].Signature, parallel[i].Signature);
            Assert.Equal(sequential[i].Winnow, parallel[i].Winnow);
        }
    }
    [Theory]
    [InlineData(40)]
    [InlineData(3_000)]
    [InlineData(200_000)] // past the bucketed sort: introsort
    public void Winnow_IsTheDistinctSelectedHashes_Sorted_EachAtItsFirstPosition(int words)
    {
        var random = new Random(words);
        // A small vocabulary repeats shingles, so hashes recur at several positions.
        string text = string.Join(' ', Enumerable.Range(0, words).Select(_ => "w" + random.Next(words / 8 + 2)));
        var options = new FingerprintOptions { KeepWinnowPositions = true };
        var fp = new Fingerprinter(options).Compute(text);

        Token[] tokens = Tokenizer.Tokenize(text);
        var shingles = new ulong[tokens.Length];
        int count = Shingler.Write(tokens, options.ShingleSize, shingles);
        var selected = new WinnowFingerprint[Winnower.MaxCount(count, options.WinnowWindow)];
        int n = Winnower.Select(shingles.AsSpan(0, count), options.WinnowWindow, selected);
        var expected = selected.Take(n).GroupBy(f => f.Hash).Select(g => (g.Key, g.Min(f => f.Position))).OrderBy(e => e.Key).ToArray();
        Assert.Equal(expected.Select(e => e.Key), fp.Winnow);
        Assert.Equal(expected.Select(e => e.Item2), fp.WinnowPositions);
    }
}
