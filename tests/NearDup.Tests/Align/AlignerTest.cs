using NearDup.Align;
using NearDup.Text;

namespace NearDup.Tests.Align;

public class AlignerTest
{
    private static readonly Aligner Aligner = new();

    private static Alignment AlignChecked(string a, string b)
    {
        var al = Aligner.Align(a, b);
        PassageChecks.AssertWellFormed(al, a, b);
        return al;
    }

    [Fact]
    public void ExactCopy_IsOneVerbatimPassageCoveringBoth()
    {
        string text = TextBuilder.Join(TextBuilder.Paragraphs(1, 6));
        var al = AlignChecked(text, text);
        var p = Assert.Single(al.Passages);
        Assert.Equal(PassageKind.Verbatim, p.Kind);
        Assert.Equal(1.0, al.CoverageA);
        Assert.Equal(1.0, al.CoverageB);
        Assert.Equal(0, p.A.Start);
        Assert.Equal(text.TrimEnd('.').Length, p.A.End);
        Assert.Equal(p.A, p.B);
        Assert.False(al.Truncated);
    }

    [Fact]
    public void TrimmedCopy_IsCoveredWholly_AndCoversPartOfTheOriginal()
    {
        var paragraphs = TextBuilder.Paragraphs(10, 10);
        string original = TextBuilder.Join(paragraphs);
        string trimmed = TextBuilder.Join(paragraphs[2..6]);
        var al = AlignChecked(trimmed, original);
        var p = Assert.Single(al.Passages);
        Assert.Equal(PassageKind.Verbatim, p.Kind);
        Assert.Equal(1.0, al.CoverageA);
        Assert.InRange(al.CoverageB, 0.25, 0.6);
        Assert.Equal(original.IndexOf(paragraphs[2], StringComparison.Ordinal), p.B.Start);
    }

    [Fact]
    public void ReHeadlinedCopy_AlignsTheBodyOnly()
    {
        string body = TextBuilder.Join(TextBuilder.Paragraphs(20, 5));
        string copy = "Farmers win: railway plans shelved as minister bows to protest\nBy Staff Reporter\n\n" + body;
        var al = AlignChecked(body, copy);
        var p = Assert.Single(al.Passages);
        Assert.Equal(1.0, al.CoverageA);
        Assert.True(al.CoverageB < 1.0);
        Assert.Equal(copy.IndexOf(body, StringComparison.Ordinal), p.B.Start);
    }

    [Fact]
    public void InsertedFurnitureParagraph_IsLeftOutOfEveryPassage()
    {
        var paragraphs = TextBuilder.Paragraphs(30, 6);
        string original = TextBuilder.Join(paragraphs);
        const string Furniture = "Read more: Zelensky discusses peace, prisoners with senior Vatican official. Other topics of interest. Subscribe to our newsletter for daily updates.";
        var withFurniture = paragraphs.ToList();
        withFurniture.Insert(3, Furniture);
        string copy = TextBuilder.Join(withFurniture);
        var al = AlignChecked(original, copy);

        Assert.Equal(2, al.Passages.Count);
        Assert.Equal(1.0, al.CoverageA);
        int furnitureStart = copy.IndexOf(Furniture, StringComparison.Ordinal);
        var furniture = new TextSpan(furnitureStart, furnitureStart + Furniture.Length);
        Assert.All(al.Passages, p => Assert.False(p.B.Overlaps(furniture)));
        Assert.All(al.Passages, p => Assert.Equal(PassageKind.Verbatim, p.Kind));
    }

    [Fact]
    public void ShuffledParagraphs_AlignEachParagraphSeparately()
    {
        var paragraphs = TextBuilder.Paragraphs(40, 6);
        string original = TextBuilder.Join(paragraphs);
        int[] order = [3, 0, 5, 1, 4, 2];
        string shuffled = TextBuilder.Join(order.Select(k => paragraphs[k]));
        var al = AlignChecked(original, shuffled);

        Assert.Equal(6, al.Passages.Count);
        Assert.Equal(1.0, al.CoverageA);
        Assert.Equal(1.0, al.CoverageB);
        for (int k = 0; k < 6; k++)
        {
            var p = al.Passages[k];
            Assert.Equal(paragraphs[k].TrimEnd('.'), p.A.Slice(original).ToString());
            Assert.Equal(paragraphs[k].TrimEnd('.'), p.B.Slice(shuffled).ToString());
        }
    }

    [Fact]
    public void TextWhollyInsideAnother_IsCoveredFromEitherSide()
    {
        var paragraphs = TextBuilder.Paragraphs(50, 8);
        string inner = TextBuilder.Join(paragraphs[3..5]);
        string outer = TextBuilder.Join(paragraphs);
        var ab = AlignChecked(inner, outer);
        var ba = AlignChecked(outer, inner);
        Assert.Equal(1.0, ab.CoverageA);
        Assert.Equal(1.0, ba.CoverageB);
        Assert.Equal(ab.CoverageB, ba.CoverageA);
        Assert.Equal(ab.Passages.Single().A, ba.Passages.Single().B);
    }

    [Fact]
    public void SmallEdits_AreBridged_IntoOneEditedPassage()
    {
        string original = TextBuilder.Paragraph(60, sentences: 4);
        var words = original.Split(' ').ToList();
        words[10] = "substituted";              // substitution
        words.Insert(25, "inserted phrase here"); // insertion of three words
        words.RemoveRange(40, 2);                 // deletion of two words
        string edited = string.Join(' ', words);
        var al = AlignChecked(original, edited);

        var p = Assert.Single(al.Passages);
        Assert.Equal(PassageKind.Edited, p.Kind);
        Assert.Equal(p.TokensA - 3, p.MatchedTokens); // one substituted, two deleted
        Assert.Equal(p.TokensB - 4, p.MatchedTokens); // one substituted, three inserted
        Assert.Equal(1.0, al.CoverageA, 1);
    }

    [Fact]
    public void EditLargerThanMaxGap_SplitsThePassage()
    {
        var paragraphs = TextBuilder.Paragraphs(70, 2);
        string a = paragraphs[0] + " " + paragraphs[1];
        string b = paragraphs[0] + " one two three four five six seven eight nine ten eleven twelve " + paragraphs[1];
        var al = AlignChecked(a, b);
        Assert.Equal(2, al.Passages.Count);
    }

    [Fact]
    public void UnrelatedTexts_ShareNothing()
    {
        string a = "Stocks fell sharply on Monday as investors weighed fresh signs of slowing growth in Europe and Asia.";
        string b = "The orchestra opened its season with a bold programme of contemporary works and a rarely heard symphony.";
        var al = AlignChecked(a, b);
        Assert.Empty(al.Passages);
        Assert.Equal(0, al.CoverageA);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("", "word")]
    [InlineData("word", "word")]
    [InlineData("one two three", "one two three")]
    [InlineData("!!! ... ???", "--- ***")]
    public void EmptyAndTinyTexts_AlignNothing(string a, string b)
    {
        var al = AlignChecked(a, b);
        Assert.Empty(al.Passages);
        Assert.Equal(Tokenizer.Tokenize(a).Length, al.TokenCountA);
        Assert.Equal(Tokenizer.Tokenize(b).Length, al.TokenCountB);
    }

    [Fact]
    public void HeavyRepetition_CompletesWithoutBlowUp()
    {
        string la = string.Join(' ', Enumerable.Repeat("la", 10_000));
        var al = AlignChecked(la, la);
        Assert.Empty(al.Passages); // every n-gram is a stop-gram; exact copies are the content hash's job
        Assert.False(al.Truncated);
    }

    [Fact]
    public void RepetitiveStretch_IsCrossedByExtensionFromUniqueText()
    {
        string story = TextBuilder.Paragraph(80);
        string la = string.Join(' ', Enumerable.Repeat("la", 5_000));
        string text = story + "\n\n" + la + "\n\n" + TextBuilder.Paragraph(81);
        var al = AlignChecked(text, text);
        var p = Assert.Single(al.Passages);
        Assert.Equal(1.0, al.CoverageA);
        Assert.Equal(PassageKind.Verbatim, p.Kind);
    }

    [Fact]
    public void PeriodicTextAgainstShortPeriod_StaysLinear()
    {
        // Each 5-gram of the short side occurs up to MaxSeedOccurrences times: worst case for candidate extensions.
        string unit = "alpha beta gamma delta epsilon zeta ";
        string shortSide = string.Concat(Enumerable.Repeat(unit, 8));
        string longSide = string.Concat(Enumerable.Repeat(unit, 20_000));
        var al = Aligner.Align(longSide, shortSide);
        Assert.NotEmpty(al.Passages);
        Assert.InRange(al.Passages.Count, 1, 100_000);
        Assert.Equal(1.0, al.CoverageB);
    }

    [Fact]
    public void RandomTexts_FromSmallVocabulary_GiveWellFormedAlignments()
    {
        // Invariants on noisy input: ordered passages, offsets inside the texts, slices that match.
        string[] vocabulary = ["a", "b", "c", "d", "e", "f"];
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            string a = string.Join(' ', Enumerable.Range(0, random.Next(0, 400)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            string b = random.Next(2) == 0
                ? string.Join(' ', Enumerable.Range(0, random.Next(0, 400)).Select(_ => vocabulary[random.Next(vocabulary.Length)]))
                : Mutate(a, random, vocabulary);
            AlignChecked(a, b);
        }
    }

    [Fact]
    public void Render_ShowsEveryPassage()
    {
        var paragraphs = TextBuilder.Paragraphs(90, 3);
        string a = TextBuilder.Join(paragraphs);
        string b = TextBuilder.Join(paragraphs.Reverse());
        var al = Aligner.Align(a, b);
        string text = AlignmentRenderer.Render(al, a, b);
        Assert.Contains("3 passages", text, StringComparison.Ordinal);
        Assert.Contains("#3 verbatim", text, StringComparison.Ordinal);
    }

    private static string Mutate(string text, Random random, string[] vocabulary)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (int k = 0; k < words.Count / 10; k++)
        {
            int at = random.Next(words.Count);
            switch (random.Next(3))
            {
                case 0: words[at] = vocabulary[random.Next(vocabulary.Length)]; break;
                case 1: words.Insert(at, vocabulary[random.Next(vocabulary.Length)]); break;
                default: words.RemoveAt(at); break;
            }
        }

        return string.Join(' ', words);
    }
}
