using NearDup.Segment;

namespace NearDup.Boilerplate;

/// <summary>The non-blank lines of a text, trimmed, in order: furniture is laid out line by line.</summary>
internal static class Lines
{
    public static List<TextSpan> Of(ReadOnlySpan<char> text, Segmentation? segmentation)
    {
        // Paragraphs split at line breaks only and cover every non-blank line: without a segmentation at hand, the
        // whole text's lines are the same lines, and sentences are not needed.
        ReadOnlySpan<TextSpan> paragraphs = segmentation is null ? [new TextSpan(0, text.Length)] : segmentation.Paragraphs;
        var lines = new List<TextSpan>(Math.Max(4, paragraphs.Length * 2));
        foreach (var p in paragraphs)
        {
            if ((uint)p.Start > (uint)text.Length || p.End > text.Length || p.End < p.Start)
            {
                throw new ArgumentException($"Paragraph {p} lies outside the text ({text.Length} characters): the segmentation is not this text's.", nameof(segmentation));
            }

            int start = p.Start;
            while (start < p.End)
            {
                int nl = text.Slice(start, p.End - start).IndexOf('\n');
                nl = nl < 0 ? -1 : start + nl;
                int end = nl < 0 ? p.End : nl;
                int s = start, e = end;
                while (s < e && char.IsWhiteSpace(text[s]))
                {
                    s++;
                }

                while (e > s && char.IsWhiteSpace(text[e - 1]))
                {
                    e--;
                }

                if (e > s)
                {
                    lines.Add(new TextSpan(s, e));
                }

                start = end + 1;
            }
        }

        return lines;
    }
}
