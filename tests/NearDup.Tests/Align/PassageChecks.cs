using NearDup.Align;
using NearDup.Text;

namespace NearDup.Tests.Align;

/// <summary>Checks that a passage's offsets slice both originals to text that really matches.</summary>
internal static class PassageChecks
{
    public static string[] Words(ReadOnlySpan<char> text)
    {
        var tokens = new Token[16];
        int n = Tokenizer.Tokenize(text, ref tokens);
        var words = new string[n];
        for (int k = 0; k < n; k++)
        {
            words[k] = Tokenizer.NormalizeWord(text[tokens[k].Start..tokens[k].End]);
        }

        return words;
    }

    public static int Lcs(string[] a, string[] b)
    {
        var row = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            int diag = 0;
            for (int j = 1; j <= b.Length; j++)
            {
                int up = row[j];
                row[j] = a[i - 1] == b[j - 1] ? diag + 1 : Math.Max(row[j], row[j - 1]);
                diag = up;
            }
        }

        return row[b.Length];
    }

    public static void AssertMatches(Passage p, string textA, string textB)
    {
        Assert.InRange(p.A.Start, 0, textA.Length);
        Assert.InRange(p.A.End, p.A.Start + 1, textA.Length);
        Assert.InRange(p.B.Start, 0, textB.Length);
        Assert.InRange(p.B.End, p.B.Start + 1, textB.Length);
        var wa = Words(p.A.Slice(textA));
        var wb = Words(p.B.Slice(textB));
        Assert.Equal(p.TokensA, wa.Length);
        Assert.Equal(p.TokensB, wb.Length);
        Assert.Equal(wa[0], wb[0]);
        Assert.Equal(wa[^1], wb[^1]);
        Assert.InRange(p.MatchedTokens, 1, Math.Min(wa.Length, wb.Length));
        if (p.Kind == PassageKind.Verbatim)
        {
            Assert.Equal(wa, wb);
            Assert.Equal(1.0, p.Similarity);
        }
        else
        {
            Assert.Equal(PassageKind.Edited, p.Kind);
            Assert.NotEqual(wa, wb);

            // The matched tokens are a common subsequence, so the LCS is at least as long.
            int lcs = Lcs(wa, wb);
            Assert.True(lcs >= p.MatchedTokens, $"LCS {lcs} < matched {p.MatchedTokens}");
            Assert.True(p.Similarity >= 0.5, $"similarity {p.Similarity:F2} of an edited passage");
        }
    }

    public static void AssertWellFormed(Alignment al, string textA, string textB)
    {
        for (int k = 0; k < al.Passages.Count; k++)
        {
            AssertMatches(al.Passages[k], textA, textB);
            if (k > 0)
            {
                Assert.True(al.Passages[k - 1].FirstTokenA <= al.Passages[k].FirstTokenA, "passages not ordered by A");
            }
        }

        Assert.InRange(al.CoverageA, 0, 1);
        Assert.InRange(al.CoverageB, 0, 1);
    }
}
