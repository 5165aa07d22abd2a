using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Fingerprint;

public class ShinglerTest
{
    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(1, 5, 1)]
    [InlineData(4, 5, 1)]
    [InlineData(5, 5, 1)]
    [InlineData(6, 5, 2)]
    [InlineData(100, 5, 96)]
    public void Count_FollowsDatasketch(int tokens, int n, int expected) =>
        Assert.Equal(expected, Shingler.Count(tokens, n));

    [Fact]
    public void SameNGram_AtDifferentPositions_HashesAlike()
    {
        Token[] a = Tokenizer.Tokenize("one two three four five six seven");
        Token[] b = Tokenizer.Tokenize("x y z three four five six seven");
        ulong[] sa = Shingles(a, 5);
        ulong[] sb = Shingles(b, 5);
        Assert.Equal(sa[2], sb[3]); // "three four five six seven"
        Assert.Equal(sa.Length, sa.Distinct().Count());
    }

    [Fact]
    public void Rolling_EqualsShinglingEachWindowAlone()
    {
        Token[] tokens = Tokenizer.Tokenize(RandomText.Text(new Random(3), 60));
        ulong[] all = Shingles(tokens, 5);
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(Shingles(tokens[i..(i + 5)], 5)[0], all[i]);
        }
    }

    [Fact]
    public void ShortText_GivesOneShingle_DistinctFromLongerNGrams()
    {
        ulong[] s = Shingles(Tokenizer.Tokenize("just three words"), 5);
        Assert.Single(s);
        Assert.NotEqual(Shingles(Tokenizer.Tokenize("just three"), 5)[0], s[0]);
    }

    [Fact]
    public void CaseAndPunctuation_DoNotChangeShingles() =>
        Assert.Equal(
            Shingles(Tokenizer.Tokenize("The cat sat on the mat, quietly."), 5),
            Shingles(Tokenizer.Tokenize("the CAT sat -- on THE mat quietly"), 5));

    [Fact]
    public void Write_TooSmallDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => Shingler.Write(Tokenizer.Tokenize("a b c d e f"), 5, new ulong[1]));

    [Fact]
    public void Distinct_SortsAndRemovesRepeats()
    {
        ulong[] v = [5, 1, 5, 3, 1];
        int n = Shingler.Distinct(v);
        Assert.Equal([1UL, 3, 5], v[..n]);
    }

    internal static ulong[] Shingles(ReadOnlySpan<Token> tokens, int n)
    {
        var s = new ulong[Shingler.Count(tokens.Length, n)];
        Shingler.Write(tokens, n, s);
        return s;
    }
}
