using NearDup.Passages;
using NearDup.Tests.Fingerprint;
using NearDup.Text;

namespace NearDup.Tests.Passages;

public class PassageClustererTest
{
    // Filler of its own for each document: no word of it is in any other text.
    private static string Filler(int document, int part, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => $"f{document}x{part}w{i}"));

    // The offsets of the words of text[start, start + length): the span a passage of it must report.
    private static TextSpan WordsOf(string text, int start, int length)
    {
        var tokens = Tokenizer.Tokenize(text).Where(t => t.Start >= start && t.End <= start + length).ToList();
        return new TextSpan(tokens[0].Start, tokens[^1].End);
    }

    [Fact]
    public void Paragraph_InFiveDocuments_IsOneClusterOfFive_WithExactOffsets()
    {
        string paragraph = RandomText.Text(new Random(7), 60);
        var texts = Enumerable.Range(0, 5).Select(d => $"{Filler(d, 0, 30 + (7 * d))}. {paragraph}. {Filler(d, 1, 40)}").ToList();
        texts.Add(RandomText.Text(new Random(99), 200)); // unrelated

        var cluster = Assert.Single(new PassageClusterer().Find(texts));
        Assert.Equal([0, 1, 2, 3, 4], cluster.Members.Select(m => m.Document));
        foreach (var m in cluster.Members)
        {
            var expected = WordsOf(texts[m.Document], texts[m.Document].IndexOf(paragraph, StringComparison.Ordinal), paragraph.Length);
            Assert.Equal(expected, m.Span);
            Assert.Equal(60, m.Tokens);
            Assert.Equal(paragraph, m.Span.Slice(texts[m.Document]).ToString());
        }
    }

    [Fact]
    public void Paragraph_EditedInOneCopy_IsStillOnePassage()
    {
        var words = RandomText.Words(new Random(8), 80);
        var edited = (string[])words.Clone();
        edited[60] = "changedword";
        var texts = Enumerable.Range(0, 4).Select(d => $"{Filler(d, 0, 30)}. {string.Join(' ', d == 3 ? edited : words)}. {Filler(d, 1, 30)}").ToList();

        var cluster = Assert.Single(new PassageClusterer().Find(texts));
        Assert.Equal([0, 1, 2, 3], cluster.Members.Select(m => m.Document));
        Assert.All(cluster.Members.Take(3), m => Assert.Equal(string.Join(' ', words), m.Span.Slice(texts[m.Document]).ToString()));
        Assert.True(cluster.Members[3].Tokens >= 50, $"{cluster.Members[3].Tokens} words in the edited copy");
    }

    [Fact]
    public void Passage_AtTheStartOrEndOfSomeDocuments_KeepsItsFullExtentInAll()
    {
        string sentence = RandomText.Text(new Random(9), 22);
        var texts = new List<string>
        {
            $"{sentence}. {Filler(0, 1, 30)}",          // at the start
            $"{Filler(1, 0, 30)}. {sentence}",          // at the end
            $"{Filler(2, 0, 30)}. {sentence}. {Filler(2, 1, 30)}",
            $"{Filler(3, 0, 30)}. {sentence}. {Filler(3, 1, 30)}",
        };

        var cluster = Assert.Single(new PassageClusterer().Find(texts));
        Assert.Equal(4, cluster.Members.Count);
        Assert.All(cluster.Members, m => Assert.Equal(sentence, m.Span.Slice(texts[m.Document]).ToString()));
    }

    [Fact]
    public void TwoDifferentQuotes_AreTwoClusters_WithTheirOwnMembers()
    {
        string first = RandomText.Text(new Random(1), 30), second = RandomText.Text(new Random(2), 30);
        var texts = new List<string>();
        for (int d = 0; d < 6; d++)
        {
            string quote = d < 3 ? first : second;
            texts.Add($"{Filler(d, 0, 25)} {quote} {Filler(d, 1, 25)}");
        }

        var clusters = new PassageClusterer().Find(texts);
        Assert.Equal(2, clusters.Count);
        Assert.Equal([0, 1, 2], clusters[0].Members.Select(m => m.Document));
        Assert.Equal([3, 4, 5], clusters[1].Members.Select(m => m.Document));
        Assert.All(clusters[0].Members, m => Assert.Equal(first, m.Span.Slice(texts[m.Document]).ToString()));
        Assert.All(clusters[1].Members, m => Assert.Equal(second, m.Span.Slice(texts[m.Document]).ToString()));
        Assert.Equal([0, 1], clusters.Select(c => c.Id));
    }

    [Fact]
    public void Boilerplate_InMoreDocumentsThanMaxPostings_IsNoPassage()
    {
        string footer = RandomText.Text(new Random(3), 40);
        var texts = Enumerable.Range(0, 5).Select(d => $"{Filler(d, 0, 50)} {footer}").ToList();
        Assert.Empty(new PassageClusterer().Find(texts, maxPostings: 4));
        Assert.Single(new PassageClusterer().Find(texts, maxPostings: 5));
    }

    [Fact]
    public void SharedStretch_ShorterThanMinTokens_IsNoPassage()
    {
        string phrase = RandomText.Text(new Random(4), 14);
        var texts = Enumerable.Range(0, 3).Select(d => $"{Filler(d, 0, 30)} {phrase} {Filler(d, 1, 30)}").ToList();
        Assert.Empty(new PassageClusterer().Find(texts));
        Assert.Single(new PassageClusterer(new PassageOptions { MinTokens = 10 }).Find(texts));
    }

    [Fact]
    public void Options_Defaults_AndValidation()
    {
        var o = new PassageOptions();
        Assert.Equal(20, o.MinTokens);
        Assert.Equal(20, o.MaxGapTokens);
        Assert.False(o.IncludeCopies);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassageOptions { MinTokens = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PassageOptions { MaxGapTokens = 0 }.Validate());
    }

    // Why the dense corpus's clusters miss reused sentences (40 % of the occurrences of sentences of 20 words or more
    // in 2 or more documents of dense 20k): a sentence of ~22 words keeps about two winnow fingerprints of its own once
    // those it shares with its MRPC paraphrase (held by more documents than the cap together) are dropped; when one of
    // the two is also held by any other document (a five-word phrase found elsewhere by chance), the two are held by
    // different sets of documents, so they are two groups of one fingerprint each, and each is dropped as a stock
    // phrase (span under MinTokens - 2 (w - 1)). On the corpus: the sentence below, in 80 documents, is found among
    // the 155 documents of its pair, not among all 20,000. This test pins the mechanism; the fix (joining a lone
    // fingerprint with a neighbour whose documents are a superset of its own) is left to do.
    private const string Sentence = "It's been a busy couple of days for enterprise security gurus tasked with the job of keeping their companies safe and sound.";
    private const string Paraphrase = "It's been a busy couple of days for security gurus assigned to keep their companies safe and sound.";

    [Fact]
    public void Sentence_OneOfWhoseFewFingerprintsIsAlsoElsewhere_IsMissed()
    {
        // MRPC pair 1 in three documents each: together over the cap (5 here, 100 in a scan), as 80 and 75 are.
        var texts = Enumerable.Range(0, 3).Select(d => $"{Filler(d, 0, 30)}. {Sentence} {Filler(d, 1, 30)}")
            .Concat(Enumerable.Range(3, 3).Select(d => $"{Filler(d, 0, 30)}. {Paraphrase} {Filler(d, 1, 30)}"))
            .ToList();
        var found = Assert.Single(new PassageClusterer().Find(texts, maxPostings: 5), c => c.Members[0].Document == 0);
        Assert.InRange(found.Fingerprints, 2, 3);

        // Each of its few fingerprints also held by one other document (its five words among other words).
        var fingerprint = new NearDup.Fingerprint.Fingerprinter(new NearDup.Fingerprint.FingerprintOptions { KeepWinnowPositions = true }).Compute(texts[0]);
        var tokens = Tokenizer.Tokenize(texts[0]);
        int start = texts[0].IndexOf(Sentence, StringComparison.Ordinal), end = start + Sentence.Length;
        foreach (int p in fingerprint.WinnowPositions.Where(p => tokens[p].Start >= start && tokens[p + 4].End <= end))
        {
            texts.Add($"{Filler(texts.Count, 0, 30)}. {texts[0][tokens[p].Start..tokens[p + 4].End]} {Filler(texts.Count, 1, 30)}");
        }

        Assert.DoesNotContain(new PassageClusterer().Find(texts, maxPostings: 5), c => c.Members[0].Document == 0);
    }
}
