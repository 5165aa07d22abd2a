using FsCheck.Xunit;
using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Fingerprint;

public class SimHashTest
{
    [Property]
    public bool HammingDistance_IsSymmetric(ulong a, ulong b) =>
        SimHash.HammingDistance(a, b) == SimHash.HammingDistance(b, a) && SimHash.HammingDistance(a, a) == 0;

    [Fact]
    public void SingleFeature_IsItsOwnSimHash() => Assert.Equal(0xDEADBEEF12345678UL, SimHash.Compute([0xDEADBEEF12345678UL]));

    [Fact]
    public void Bit_IsTheMajorityVote()
    {
        // bit 0 set in 2 of 3, bit 1 in 1 of 3; more than 255 features exercise the lane flush.
        Assert.Equal(1UL, SimHash.Compute([1, 3, 0]));
        ulong[] many = [.. Enumerable.Repeat(1UL, 300), .. Enumerable.Repeat(2UL, 299)];
        Assert.Equal(1UL, SimHash.Compute(many));
    }

    [Fact]
    public void SimilarTexts_AreCloserThanUnrelatedOnes()
    {
        var random = new Random(5);
        string[] words = RandomText.Words(random, 500);
        string[] edited = (string[])words.Clone();
        for (int i = 0; i < 5; i++)
        {
            edited[random.Next(edited.Length)] = "changed";
        }

        ulong a = Compute(string.Join(' ', words));
        ulong b = Compute(string.Join(' ', edited));
        ulong c = Compute(RandomText.Text(random, 500));
        Assert.True(SimHash.HammingDistance(a, b) < 16, $"near copy at {SimHash.HammingDistance(a, b)}");
        Assert.True(SimHash.HammingDistance(a, c) > 16, $"unrelated at {SimHash.HammingDistance(a, c)}");
    }

    private static ulong Compute(string text) => SimHash.Compute(ShinglerTest.Shingles(Tokenizer.Tokenize(text), 5));
}
