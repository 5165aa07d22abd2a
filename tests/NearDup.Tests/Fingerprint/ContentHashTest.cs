using NearDup.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Fingerprint;

public class ContentHashTest
{
    [Fact]
    public void SameWords_DifferentSpacingCaseAndPunctuation_HashAlike() =>
        Assert.Equal(
            ContentHash.Compute(Tokenizer.Tokenize("Seoul, Korea — the “talks” resumed.")),
            ContentHash.Compute(Tokenizer.Tokenize("seoul korea - the \"TALKS\"   resumed")));

    [Fact]
    public void WordOrder_Counts() =>
        Assert.NotEqual(ContentHash.Compute(Tokenizer.Tokenize("a b")), ContentHash.Compute(Tokenizer.Tokenize("b a")));

    [Fact]
    public void TokenAndHashOverloads_Agree_AcrossBlocks()
    {
        Token[] tokens = Tokenizer.Tokenize(RandomText.Text(new Random(4), 700));
        Assert.Equal(ContentHash.Compute(tokens.Select(t => t.Hash).ToArray()), ContentHash.Compute(tokens));
        Assert.NotEqual(ContentHash.Compute(tokens[..699]), ContentHash.Compute(tokens));
    }
}
