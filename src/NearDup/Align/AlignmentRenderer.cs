using System.Globalization;
using System.Text;

namespace NearDup.Align;

/// <summary>Plain-text rendering of one alignment, for debugging and test failure messages.</summary>
internal static class AlignmentRenderer
{
    /// <summary>
    /// One line per passage: number, kind, matched tokens, similarity, the offsets in both texts, then the two
    /// excerpts (each cut to <paramref name="maxChars"/> characters, line breaks shown as ¶).
    /// </summary>
    public static string Render(Alignment alignment, string textA, string textB, int maxChars = 100)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentNullException.ThrowIfNull(textA);
        ArgumentNullException.ThrowIfNull(textB);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 8);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"coverage A {alignment.CoverageA:P0} ({alignment.MatchedTokensA}/{alignment.TokenCountA}), ")
          .Append(inv, $"B {alignment.CoverageB:P0} ({alignment.MatchedTokensB}/{alignment.TokenCountB}), ")
          .Append(inv, $"{alignment.Passages.Count} passages{(alignment.Truncated ? ", truncated" : "")}")
          .AppendLine();
        for (int k = 0; k < alignment.Passages.Count; k++)
        {
            var p = alignment.Passages[k];
            sb.Append(inv, $"#{k + 1} {p.Kind.ToString().ToLowerInvariant()} {p.MatchedTokens} tok sim {p.Similarity:F2} ")
              .Append(inv, $"A{p.A} B{p.B}").AppendLine()
              .Append("   A: ").Append(Excerpt(textA, p.A, maxChars)).AppendLine()
              .Append("   B: ").Append(Excerpt(textB, p.B, maxChars)).AppendLine();
        }

        return sb.ToString();
    }

    private static string Excerpt(string text, TextSpan span, int maxChars)
    {
        if (span.Start < 0 || span.End > text.Length || span.IsEmpty)
        {
            return $"(span {span} outside a text of {text.Length} chars)";
        }

        var slice = span.Slice(text);
        string body = slice.Length <= maxChars
            ? slice.ToString()
            : string.Concat(slice[..((maxChars / 2) - 2)], " … ", slice[^((maxChars / 2) - 2)..]);
        return body.Replace("\r", "", StringComparison.Ordinal).Replace('\n', '¶');
    }
}
