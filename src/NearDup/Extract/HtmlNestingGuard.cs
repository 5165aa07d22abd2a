using System.Text;

namespace NearDup.Extract;

/// <summary>
/// Flattens pathologically deep markup before parsing: AngleSharp caps its open-element stack at 512 but then
/// spends time quadratic in the nesting (100,000 nested divs take about a minute), so start tags beyond
/// <see cref="MaxDepth"/> open elements, and as many end tags after them, are dropped from the source.
/// </summary>
/// <remarks>
/// A linear scan; elements whose end tag HTML lets one omit (p, li, td, option, ...) and void elements are not
/// counted, so sloppy but ordinary pages are never touched. Text is kept; only tags are removed. "/&gt;" closes an
/// element only inside SVG or MathML, as in the parser: <c>&lt;div/&gt;</c> opens a div (100,000 of them hung the
/// parser; found fuzzing).
/// </remarks>
internal static class HtmlNestingGuard
{
    internal const int MaxDepth = 400;

    private static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
        "keygen", "frame", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
        "colgroup", "rp", "rt", "rb", "rtc", "html", "head", "body", "basefont", "bgsound", "image",
    };

    /// <summary>The counted HTML start tags that end SVG/MathML content in the parser (WHATWG "in foreign content").</summary>
    private static readonly HashSet<string> BreakOut = new(StringComparer.OrdinalIgnoreCase)
    {
        "b", "big", "blockquote", "center", "code", "div", "dl", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6",
        "listing", "menu", "nobr", "ol", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
        "tt", "u", "ul", "var",
    };

    private static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

    /// <summary>Returns <paramref name="html"/> unchanged, or a copy without the tags nested deeper than the limit.</summary>
    internal static string Flatten(string html, out int droppedTags)
    {
        droppedTags = 0;
        StringBuilder? output = null;
        int copiedUpTo = 0;
        int depth = 0;
        int excess = 0;
        int foreignDepth = -1; // the depth an open svg or math element sits at, or -1
        int i = 0;
        while (true)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            char c = html[lt + 1];
            if (c == '!')
            {
                int end = html.AsSpan(lt).StartsWith("<!--", StringComparison.Ordinal)
                    ? html.IndexOf("-->", lt + 4, StringComparison.Ordinal)
                    : html.IndexOf('>', lt + 2);
                if (end < 0)
                {
                    break;
                }

                i = end + 1;
                continue;
            }

            bool isEnd = c == '/';
            int nameStart = isEnd ? lt + 2 : lt + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1;
                continue;
            }

            int nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_'))
            {
                nameEnd++;
            }

            int gt = html.IndexOf('>', nameEnd);
            if (gt < 0)
            {
                break;
            }

            ReadOnlySpan<char> name = html.AsSpan(nameStart, nameEnd - nameStart);
            i = gt + 1;
            if (!isEnd)
            {
                string? raw = RawTextName(name);
                if (raw is not null)
                {
                    // Skip raw text content: markup-looking strings inside scripts must not count.
                    int close = html.IndexOf("</" + raw, i, StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? html.Length : close;
                    continue;
                }
            }

            if (IsNotCounted(name))
            {
                continue;
            }

            if (!isEnd && foreignDepth >= 0 && Contains(BreakOut, name))
            {
                foreignDepth = -1;
            }

            bool foreign = foreignDepth >= 0 || name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);
            if (!isEnd && foreign && html[gt - 1] == '/')
            {
                continue;
            }

            bool drop = false;
            if (isEnd)
            {
                if (excess > 0)
                {
                    excess--;
                    drop = true;
                }
                else if (depth > 0)
                {
                    depth--;
                    if (depth <= foreignDepth)
                    {
                        foreignDepth = -1;
                    }
                }
            }
            else if (depth >= MaxDepth)
            {
                excess++;
                drop = true;
            }
            else
            {
                if (foreign && foreignDepth < 0)
                {
                    foreignDepth = depth;
                }

                depth++;
            }

            if (drop)
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, copiedUpTo, lt - copiedUpTo);
                copiedUpTo = gt + 1;
                droppedTags++;
            }
        }

        if (output is null)
        {
            return html;
        }

        output.Append(html, copiedUpTo, html.Length - copiedUpTo);
        return output.ToString();
    }

    private static bool IsNotCounted(ReadOnlySpan<char> name) => Contains(NotCounted, name);

    private static bool Contains(HashSet<string> names, ReadOnlySpan<char> name)
    {
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(name);
    }

    private static string? RawTextName(ReadOnlySpan<char> name)
    {
        foreach (string raw in RawText)
        {
            if (name.Equals(raw, StringComparison.OrdinalIgnoreCase))
            {
                return raw;
            }
        }

        return null;
    }
}
