using System.Text;

namespace NearDup.Extract;

internal sealed partial class PageModel
{
    /// <summary>A block this long, or shorter but ending a sentence, reads as prose.</summary>
    private const int ProseLength = 80;

    private const int SentenceLength = 25;

    /// <summary>Chars of furniture a linked heading counts as, beyond its own length.</summary>
    private const int TeaserPenalty = 150;

    /// <summary>A label-named element (date, byline, print ...) holding more text than this is not that label.</summary>
    private const int LabelChars = 400;

    /// <summary>Finds the article container and returns its text, how it was found, and the article's h1 if any.</summary>
    public (string Text, ExtractionStatus Status, string? Title) Score()
    {
        if (_blocks.Count == 0)
        {
            return (string.Empty, ExtractionStatus.NoArticle, null);
        }

        // Own text of each element, then subtree sums (children follow parents in preorder).
        foreach (TextBlock b in _blocks)
        {
            PageElement owner = _elements[b.Owner];
            owner.TextChars += b.Text.Length;
            owner.LinkChars += b.LinkChars;
        }

        SumUp(static e => e.TextChars, static (e, v) => e.TextChars += v);
        SumUp(static e => e.LinkChars, static (e, v) => e.LinkChars += v);
        TotalTextChars = _elements[0].TextChars;

        MarkFurniture();
        HashSet<string>? bodyWords = WordsOf(_jsonLd.Body);
        if (bodyWords is not null && bodyWords.Count < 30)
        {
            bodyWords = null;
        }

        foreach (TextBlock b in _blocks)
        {
            ClassifyBlock(b, bodyWords);
        }

        RejectTeasers();
        foreach (TextBlock b in _blocks)
        {
            PageElement owner = _elements[b.Owner];
            owner.Good += b.Good;
            owner.Bad += b.Bad;
            if (!owner.Furniture)
            {
                owner.LooseBad += b.Bad;
            }
        }

        SumUp(static e => e.LooseBad, static (e, v) => e.LooseBad += v);

        SumUp(static e => e.Good, static (e, v) => e.Good += v);
        SumUp(static e => e.Bad, static (e, v) => e.Bad += v);

        int container = ChooseContainer();
        if (container >= 0)
        {
            container = Climb(container);
        }

        _container = container;
        if (container < 0)
        {
            return (FromJsonLd(bodyWords, string.Empty), string.IsNullOrEmpty(_jsonLd.Body) ? ExtractionStatus.NoArticle : ExtractionStatus.StructuredData, null);
        }

        (string text, string? title) = Assemble(container);
        string fromJson = FromJsonLd(bodyWords, text);
        return fromJson.Length > 0 ? (fromJson, ExtractionStatus.StructuredData, title) : (text, ExtractionStatus.Article, title);
    }

    /// <summary>
    /// A teaser is a small item (under 600 chars) made of a linked heading and a blurb: the blurb reads as prose
    /// but belongs to another page. Blocks after a linked heading inside its item are rejected.
    /// </summary>
    private void RejectTeasers()
    {
        var teasers = new List<(int Heading, int Item)>();
        for (int i = 0; i < _blocks.Count; i++)
        {
            TextBlock heading = _blocks[i];
            if (heading.Kind != BlockKind.Heading || heading.LinkDensity <= 0.6 || _elements[heading.Owner].Tag == "h1")
            {
                continue;
            }

            int item = _elements[heading.Owner].Parent;
            if (item >= 0 && _elements[item].TextChars <= heading.Text.Length + 5 && _elements[item].Parent >= 0)
            {
                item = _elements[item].Parent;
            }

            if (item >= 0 && _elements[item].TextChars <= 600)
            {
                teasers.Add((i, item));
            }
        }

        // Teasers come in lists: a lone short item under a linked heading is a blog's one post (its title links
        // to itself), not a box of other pages.
        if (teasers.Count < 2)
        {
            return;
        }

        foreach ((int i, int item) in teasers)
        {
            int end = _elements[item].SubtreeEnd;
            for (int j = i + 1; j < _blocks.Count && _blocks[j].Owner >= item && _blocks[j].Owner < end; j++)
            {
                TextBlock blurb = _blocks[j];
                blurb.Bad = blurb.Text.Length;
                blurb.Good = 0;
                blurb.Rejected = true;
            }
        }
    }

    private void SumUp(Func<PageElement, double> get, Action<PageElement, double> add)
    {
        for (int i = _elements.Count - 1; i > 0; i--)
        {
            PageElement e = _elements[i];
            if (e.Parent >= 0)
            {
                add(_elements[e.Parent], get(e));
            }
        }
    }

    /// <summary>
    /// A furniture-named element is furniture when it is mostly links or holds under half the page's text:
    /// "content-with-sidebar" wrapping the whole page is not.
    /// </summary>
    private void MarkFurniture()
    {
        double total = Math.Max(1, TotalTextChars);

        // An element wrapping one named as the article body (article-body, itemprop=articleBody) is not furniture.
        var wrapsBody = new bool[_elements.Count];
        for (int i = _elements.Count - 1; i > 0; i--)
        {
            PageElement e = _elements[i];
            if ((wrapsBody[i] || e.Hint == ElementHint.StrongPositive) && e.Parent >= 0)
            {
                wrapsBody[e.Parent] = true;
            }
        }

        for (int i = 0; i < _elements.Count; i++)
        {
            PageElement e = _elements[i];
            bool inherited = e.Parent >= 0 && _elements[e.Parent].Furniture;
            bool self = !wrapsBody[i] && e.Hint switch
            {
                ElementHint.Negative => e.LinkDensity > 0.35 || e.TextChars < 0.3 * total,
                ElementHint.Label => e.LinkDensity > 0.35 || e.TextChars < Math.Min(0.3 * total, LabelChars),
                _ => false,
            };
            e.Furniture = inherited || self;
        }
    }

    private void ClassifyBlock(TextBlock b, HashSet<string>? bodyWords)
    {
        PageElement owner = _elements[b.Owner];
        int length = b.Text.Length;
        double density = b.LinkDensity;
        double overlap = -1;
        if (bodyWords is not null)
        {
            overlap = Overlap(b.Text, bodyWords);
        }

        if (overlap >= 0.8 && length >= 20)
        {
            // The page's own structured data vouches for this block.
            b.Good = 2.0 * length;
            return;
        }

        // A paragraph of full sentences stays a candidate up to 80% links: news paragraphs link names and sources.
        double maxDensity = b.Kind == BlockKind.Paragraph && length >= ProseLength && EndsSentence(b.Text) ? 0.8 : 0.5;
        if (owner.Furniture || density > maxDensity || (b.Kind == BlockKind.ListItem && density > 0.3))
        {
            b.Bad = length;
            b.Rejected = true;
            return;
        }

        if (overlap is >= 0 and < 0.3 && length >= 40)
        {
            b.Bad = length;
            b.Rejected = true;
            return;
        }

        if (b.Kind == BlockKind.Heading)
        {
            if (density > 0.6 && owner.Tag != "h1")
            {
                // A linked headline is a teaser for another page; a grid of them is a related-stories box.
                b.Bad = length + TeaserPenalty;
                b.Rejected = true;
            }

            return;
        }

        if (LooksLikeMarkup(b.Text) || (length < 300 && b.Text.Contains('©', StringComparison.Ordinal)))
        {
            b.Bad = length;
            b.Rejected = true;
            return;
        }

        if (length >= ProseLength || (length >= SentenceLength && EndsSentence(b.Text)))
        {
            b.Good = length * (1 - density) * (1 - density);
            b.Bad = length * density;
        }
        else if (b.Kind is not (BlockKind.Cell or BlockKind.ListItem or BlockKind.Paragraph))
        {
            // Short loose fragments (dates, "Share", labels) lean towards furniture; short cells, list items
            // and paragraphs (ingredients, data, one-line answers) are neutral.
            b.Bad = 0.5 * length;
        }
    }

    /// <summary>Escaped markup shown as text (a noscript pixel moved into the body, template code).</summary>
    private static bool LooksLikeMarkup(string text) =>
        text.Length > 0 && text[0] == '<' && text.Contains("=\"", StringComparison.Ordinal) && text.TrimEnd()[^1] == '>';

    private static bool EndsSentence(string text)
    {
        ReadOnlySpan<char> t = text.AsSpan().TrimEnd(" \"'”’»)]");
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or '。' or '！' or '？' or ':' or ';' or '…' or '؟' or '।';
    }

    private int ChooseContainer()
    {
        int best = -1;
        double bestScore = 0;
        for (int i = 0; i < _elements.Count; i++)
        {
            PageElement e = _elements[i];
            if (e.Good <= 0 || e.Furniture)
            {
                continue;
            }

            double bonus = e.Hint switch
            {
                ElementHint.StrongPositive => 0.25,
                ElementHint.Positive => 0.05,
                _ => 0,
            };
            if (e.Hint is ElementHint.Negative or ElementHint.Label)
            {
                // Furniture-named but too big to be furniture (a long sidebar widget, a comment thread): it wins
                // only by a clear margin over an unnamed element.
                bonus -= 0.3;
            }

            if (e.Tag == "article")
            {
                bonus += 0.15;
            }
            else if (e.Tag == "main")
            {
                bonus += 0.05;
            }

            double score = e.Good * (1 + bonus) - e.Bad;

            // Prefer the deeper of equal scores: a wrapper adds nothing.
            if (score > bestScore + 1e-9 || (best >= 0 && Math.Abs(score - bestScore) <= 1e-9 && i < _elements[best].SubtreeEnd))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// Climbs from the chosen container to the highest ancestor that adds at least this share of its content-like
    /// text (Q&amp;A pages: the question apart from the answers; page-builder rows; recipe parts).
    /// </summary>
    private const double ClimbGain = 0.25;

    /// <summary>... as long as the furniture-like text it adds outside named furniture is under this share of the content it adds.</summary>
    private const double ClimbLoose = 0.8;

    /// <summary>
    /// The chosen container, or the highest ancestor that adds much content-like text and little furniture that would
    /// be kept. Named furniture (comments, sidebars) is dropped from the text anyway, so only loose furniture counts
    /// against a climb; the container choice counts both and so stops below a question with comments beside it.
    /// </summary>
    private int Climb(int container)
    {
        int best = container;
        for (int a = _elements[container].Parent; a >= 0; a = _elements[a].Parent)
        {
            PageElement e = _elements[a];
            if (e.Furniture)
            {
                break;
            }

            PageElement b = _elements[best];
            double addGood = e.Good - b.Good;
            if (addGood >= ClimbGain * b.Good && e.LooseBad - b.LooseBad <= ClimbLoose * addGood)
            {
                best = a;
            }
        }

        return best;
    }

    /// <summary>
    /// The container and those of its siblings that hold content too (as Readability does): articles whose
    /// paragraphs sit beside inserted boxes are found whole even when the best single element is one paragraph.
    /// </summary>
    private List<(int Start, int End)> WithSiblings(int container)
    {
        PageElement c = _elements[container];
        var ranges = new List<(int, int)>();
        if (c.Parent < 0)
        {
            ranges.Add((container, c.SubtreeEnd));
            return ranges;
        }

        double threshold = Math.Max(60, 0.2 * c.Good);
        PageElement parent = _elements[c.Parent];
        for (int i = c.Parent + 1; i < parent.SubtreeEnd; i = _elements[i].SubtreeEnd)
        {
            PageElement s = _elements[i];
            bool take = i == container
                || (!s.Furniture && s.Good > s.Bad && (s.Good >= threshold || (s.Tag == "p" && s.Good > 0 && s.LinkDensity < 0.25)));
            if (take)
            {
                ranges.Add((i, s.SubtreeEnd));
            }
        }

        return ranges;
    }

    private (string Text, string? Title) Assemble(int container)
    {
        List<(int Start, int End)> ranges = WithSiblings(container);
        var inside = new List<TextBlock>();
        double totalGood = 0;
        int r = 0;
        foreach (TextBlock b in _blocks)
        {
            while (r < ranges.Count && b.Owner >= ranges[r].End)
            {
                r++;
            }

            if (r < ranges.Count && b.Owner >= ranges[r].Start)
            {
                inside.Add(b);
                totalGood += b.Good;
            }
        }

        // A link list or a second h1 is a section boundary. Past the last one that still has most of the
        // article before it, the rest is appeals, teasers and sharing; before the first one with little
        // article before it, navigation.
        int from = 0, to = inside.Count;
        double before = 0;
        for (int i = 0; i < inside.Count; i++)
        {
            TextBlock b = inside[i];
            if (IsBoundary(b, i))
            {
                if (before < 0.0 * totalGood)
                {
                    from = i + 1;
                }
                else if (before >= 0.9 * totalGood)
                {
                    to = i;
                    break;
                }
            }

            before += b.Good;
        }

        var kept = new List<int>();
        for (int i = from; i < to; i++)
        {
            if (!inside[i].Rejected)
            {
                kept.Add(i);
            }
        }

        // Trim weak blocks at both ends: bylines, dates, "Share", "Related", a trailing call to action.
        int first = 0;
        while (first < kept.Count && inside[kept[first]].Good <= 0)
        {
            TextBlock lead = inside[kept[first]];

            // A heading right before the first content block opens the article; other leading ones do not.
            if (lead.Kind == BlockKind.Heading && first + 1 < kept.Count && inside[kept[first + 1]].Good > 0
                && _elements[lead.Owner].Tag != "h1")
            {
                break;
            }

            if (lead.Kind == BlockKind.Heading && _elements[lead.Owner].Tag == "h1")
            {
                _articleTitle ??= Clean(lead.Text);
            }

            first++;
        }

        int last = kept.Count - 1;
        while (last >= first && inside[kept[last]].Good <= 0 && !NeutralTail(inside[kept[last]]))
        {
            last--;
        }

        var keep = new bool[inside.Count];
        for (int k = first; k <= last; k++)
        {
            keep[kept[k]] = true;
        }

        if (BlockClassifier is not null || BlockSamples is not null)
        {
            (inside, keep) = Reclassify(inside, keep, to, container, totalGood);
        }

        string? title = _articleTitle;
        var sb = new StringBuilder();
        for (int i = 0; i < inside.Count; i++)
        {
            TextBlock b = inside[i];
            if (!keep[i])
            {
                continue;
            }

            if (b.Kind == BlockKind.Heading && title is null && _elements[b.Owner].Tag == "h1")
            {
                // The headline goes to Title, not into the body text.
                title = Clean(b.Text);
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            sb.Append(b.Text);
        }

        return (sb.ToString(), title);

        // A lone linked list item inside the text ("Read more: ...") is not a section's end; two in a row are a list.
        bool LinkRun(int index) =>
            (index > 0 && LinkBlock(inside[index - 1])) || (index + 1 < inside.Count && LinkBlock(inside[index + 1]));

        bool IsBoundary(TextBlock b, int index) =>
            (b.Rejected && b.Text.Length >= 30 && b.LinkDensity > 0.5 && (b.Kind != BlockKind.ListItem || LinkRun(index)))
            || (b.Kind == BlockKind.Heading && _elements[b.Owner].Tag == "h1" && index > 0 && before > 0);
    }

    /// <summary>A short list item or table cell that leans neither way (a fact list, ingredients) ends the text as well as prose does.</summary>
    private static bool NeutralTail(TextBlock b) => b.Bad <= 0 && b.Kind is BlockKind.ListItem or BlockKind.Cell;

    private static bool LinkBlock(TextBlock b) => b.Rejected && b.LinkDensity > 0.5;

    /// <summary>
    /// The JSON-LD articleBody, split into paragraphs, when the markup text covers less than half of its words
    /// (pages that render the article with script); otherwise empty.
    /// </summary>
    private string FromJsonLd(HashSet<string>? bodyWords, string text)
    {
        if (bodyWords is null || _jsonLd.Body is null || _jsonLd.Body.Length < 200)
        {
            return string.Empty;
        }

        HashSet<string>? found = WordsOf(text);
        int covered = 0;
        if (found is not null)
        {
            foreach (string w in bodyWords)
            {
                if (found.Contains(w))
                {
                    covered++;
                }
            }
        }

        return covered < 0.5 * bodyWords.Count ? HtmlExtractor.NormalizeText(_jsonLd.Body) : string.Empty;
    }

    private static HashSet<string>? WordsOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (string w in WordTokens.Tokenize(text))
        {
            words.Add(w.ToLowerInvariant());
        }

        return words;
    }

    private static double Overlap(string text, HashSet<string> words)
    {
        List<string> tokens = WordTokens.Tokenize(text);
        if (tokens.Count < 3)
        {
            return -1;
        }

        int hit = 0;
        foreach (string t in tokens)
        {
            if (words.Contains(t.ToLowerInvariant()))
            {
                hit++;
            }
        }

        return (double)hit / tokens.Count;
    }

    private int _container = -1;

    private string? _articleTitle;

    /// <summary>One line per block: owner, scores, verdict and text start; for diagnosing extraction.</summary>
    internal string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("container: ").Append(_container >= 0 ? Name(_container) : "none").Append('\n');
        for (int i = 0; i < _elements.Count; i++)
        {
            PageElement e = _elements[i];
            if (e.Furniture && (e.Parent < 0 || !_elements[e.Parent].Furniture) && e.TextChars >= 200)
            {
                sb.Append("furniture: ").Append(Name(i)).Append(HtmlExtractor.Invariant($" {e.TextChars:F0} chars, links {e.LinkDensity:F2}")).Append('\n');
            }
        }

        foreach (TextBlock b in _blocks)
        {
            bool inside = _container >= 0 && b.Owner >= _container && b.Owner < _elements[_container].SubtreeEnd;
            string text = b.Text.Length > 70 ? b.Text[..70] : b.Text;
            sb.Append(inside ? "IN " : "   ").Append(b.Rejected ? "R " : "  ")
              .Append(HtmlExtractor.Invariant($"g={b.Good,6:F0} b={b.Bad,6:F0} d={b.LinkDensity:F2} "))
              .Append(Name(b.Owner)).Append(" | ").Append(text.Replace('\n', ' ')).Append('\n');
        }

        return sb.ToString();
    }

    private string Name(int i)
    {
        PageElement e = _elements[i];
        string cls = string.Join(' ', (e.Element.GetAttribute("class") ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cls.Length > 40)
        {
            cls = cls[..40];
        }

        return HtmlExtractor.Invariant($"{e.Tag}.{cls}#{e.Element.Id}{(e.Furniture ? "[F]" : string.Empty)}[{e.Hint}]");
    }
}
