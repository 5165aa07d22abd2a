using NearDup.Align;

namespace NearDup.Tests.Align;

/// <summary>A region repeated in one text is matched once, against its best match in the other.</summary>
public class AlignerOverlapTest
{
    private static readonly Aligner Aligner = new();

    private static void AssertNoOverlap(Alignment al)
    {
        for (int i = 0; i < al.Passages.Count; i++)
        {
            for (int j = i + 1; j < al.Passages.Count; j++)
            {
                Assert.False(al.Passages[i].A.Overlaps(al.Passages[j].A), $"passages {i} and {j} overlap in A");
                Assert.False(al.Passages[i].B.Overlaps(al.Passages[j].B), $"passages {i} and {j} overlap in B");
            }
        }
    }

    [Fact]
    public void PassageRepeatedInTheLongerText_IsMatchedOnce()
    {
        string phrase = TextBuilder.Paragraph(7, 1);
        string shorter = TextBuilder.Paragraph(1) + " " + phrase + " " + TextBuilder.Paragraph(2);
        string longer = string.Join(' ', TextBuilder.Paragraph(3), phrase, TextBuilder.Paragraph(4), phrase, TextBuilder.Paragraph(5), phrase, TextBuilder.Paragraph(6));
        foreach (var al in new[] { Aligner.Align(longer, shorter), Aligner.Align(shorter, longer) })
        {
            PassageChecks.AssertWellFormed(al, al.TokenCountA > al.TokenCountB ? longer : shorter, al.TokenCountA > al.TokenCountB ? shorter : longer);
            Assert.Single(al.Passages);
            AssertNoOverlap(al);
        }
    }

    [Fact]
    public void ShortCopiesOfPartOfALongPassage_YieldToIt()
    {
        // The whole paragraph is copied once; its second sentence alone recurs twice elsewhere in the longer text.
        string[] sentences = [TextBuilder.Paragraph(11, 1), TextBuilder.Paragraph(12, 1), TextBuilder.Paragraph(13, 1)];
        string passage = string.Join(' ', sentences);
        string shorter = TextBuilder.Paragraph(20) + " " + passage + " " + TextBuilder.Paragraph(21);
        string longer = string.Join(' ', sentences[1], TextBuilder.Paragraph(22), sentences[1], TextBuilder.Paragraph(23), passage, TextBuilder.Paragraph(24), TextBuilder.Paragraph(25));
        var al = Aligner.Align(longer, shorter);
        PassageChecks.AssertWellFormed(al, longer, shorter);
        var p = Assert.Single(al.Passages);
        Assert.Equal(longer.IndexOf(passage, StringComparison.Ordinal), p.A.Start);
        AssertNoOverlap(al);
    }
}
