using System.Text;

namespace NearDup.Extract;

internal sealed partial class PageModel
{
    /// <summary>A block this long, or shorter but ending a sentence, reads as prose.</summary>
    private const int ProseLength = 80;

    private const int SentenceLength = 25;

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
            PageElement owner = _elements[b.Owner];
            owner.Good += b.Good;
            owner.Bad += b.Bad;
        }

        SumUp(static e => e.Good, static (e, v) => e.Good += v);
        SumUp(static e => e.Bad, static (e, v) => e.Bad += v);

        int container = ChooseContainer();
        if (container < 0)
        {
            return (FromJsonLd(bodyWords, string.Empty), string.IsNullOrEmpty(_jsonLd.Body) ? ExtractionStatus.NoArticle : ExtractionStatus.StructuredData, null);
        }

        (string text, string? title) = Assemble(container);
        string fromJson = FromJsonLd(bodyWords, text);
        return fromJson.Length > 0 ? (fromJson, ExtractionStatus.StructuredData, title) : (text, ExtractionStatus.Article, title);
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
        for (int i = 0; i < _elements.Count; i++)
        {
            PageElement e = _elements[i];
            bool inherited = e.Parent >= 0 && _elements[e.Parent].Furniture;
            bool self = e.Hint == ElementHint.Negative && (e.LinkDensity > 0.35 || e.TextChars < 0.5 * total);
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

        if (owner.Furniture || density > 0.5 || (b.Kind == BlockKind.ListItem && density > 0.3))
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
            return;
        }

        if (length >= ProseLength || (length >= SentenceLength && EndsSentence(b.Text)))
        {
            b.Good = length * (1 - density) * (1 - density);
            b.Bad = length * density;
        }
        else
        {
            b.Bad = 0.5 * length;
        }
    }

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

    private (string Text, string? Title) Assemble(int container)
    {
        int end = _elements[container].SubtreeEnd;
        var kept = new List<TextBlock>();
        foreach (TextBlock b in _blocks)
        {
            if (b.Owner < container || b.Owner >= end || b.Rejected)
            {
                continue;
            }

            kept.Add(b);
        }

        // Trim weak blocks (short fragments, trailing headings) at both ends: bylines, dates, "Share", "Related".
        int first = 0;
        while (first < kept.Count && kept[first].Good <= 0 && kept[first].Kind != BlockKind.Heading)
        {
            first++;
        }

        int last = kept.Count - 1;
        while (last >= first && kept[last].Good <= 0)
        {
            last--;
        }

        string? title = null;
        var sb = new StringBuilder();
        for (int i = first; i <= last; i++)
        {
            TextBlock b = kept[i];
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
    }

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
        foreach (string w in Evaluation.ExtractionMetrics.Tokenize(text))
        {
            words.Add(w.ToLowerInvariant());
        }

        return words;
    }

    private static double Overlap(string text, HashSet<string> words)
    {
        List<string> tokens = Evaluation.ExtractionMetrics.Tokenize(text);
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
}
