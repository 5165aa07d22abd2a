using NearDup.Pipeline;

namespace NearDup.Tests.Pipeline;

public class TextStoreTest
{
    [Fact]
    public void Texts_RoundTripExactly_EvenLoneSurrogatesAndEmpty()
    {
        using var store = new TextStore();
        string[] texts = ["plain", "", "caf\u00E9 \U0001F600", "lone \uD800 surrogate", new string('x', 100_000)];
        foreach (string t in texts)
        {
            store.Add(t);
        }

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i], store.Get(i));
        }
    }

    [Fact]
    public void ReservedTexts_WrittenInParallel_ReadBackByOrdinal()
    {
        using var store = new TextStore();
        var texts = Enumerable.Range(0, 2_000).Select(i => $"document {i} " + new string((char)('a' + (i % 26)), i % 300)).ToArray();
        int first = store.Count;
        foreach (string t in texts)
        {
            store.Reserve(t.Length);
        }

        Parallel.For(0, texts.Length, i => store.Write(first + i, texts[i]));
        Assert.Equal(texts, Enumerable.Range(0, texts.Length).Select(store.Get));
        Assert.Throws<ArgumentException>(() => store.Write(0, "wrong length"));
    }

    [Fact]
    public void TextsAddedAsABatch_RoundTripExactly_AsUtf8OrRaw()
    {
        using var store = new TextStore();
        store.Add("before");
        string[] texts = ["plain", "", "caf\u00E9 \u5317\u4EAC", "emoji \U0001F600", "lone \uDC00 low", new string('\u00E9', 50_000)];
        int first = store.AddRange(texts);
        int next = store.AddRange(["after"]);
        Assert.Equal(1, first);
        Assert.Equal(first + texts.Length, next);
        Assert.Equal(texts, Enumerable.Range(first, texts.Length).Select(store.Get));
        Assert.Equal("before", store.Get(0));
        Assert.Equal("after", store.Get(next));
        Assert.Throws<InvalidOperationException>(() => store.Write(first, "plain"));
    }

    [Fact]
    public void TextsReadIntoABuffer_AreTheTextsGetReturns_AsUtf8OrRaw()
    {
        using var store = new TextStore();
        string[] texts = ["plain", "", "caf\u00E9 \U0001F600", "lone \uD800 surrogate", new string('\u00E9', 50_000), "short"];
        store.AddRange(texts);
        char[] buffer = [];
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i].Length, store.LengthOf(i));
            Assert.Equal(texts[i], store.Read(i, ref buffer).ToString());
        }

        Assert.True(buffer.Length >= 50_000); // grown once, kept for the shorter texts after it
        Assert.Throws<ArgumentException>(() => store.Read(0, new char[2]));
    }
}
