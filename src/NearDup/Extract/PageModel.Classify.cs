namespace NearDup.Extract;

/// <summary>The learned second opinion on the candidate blocks (<see cref="Extract.BlockClassifier"/>).</summary>
internal sealed partial class PageModel
{
    /// <summary>Decides each candidate block in place of the rules when set.</summary>
    public BlockClassifier? BlockClassifier { get; init; }

    // How many levels above the container the candidates reach: 3 (the container's great-grandparent) found 28 of
    // the 142 trafilatura snippets that no candidate held at 1 (held out by site: trafilatura 0.9237 -> 0.9273,
    // article-extraction 0.9745 -> 0.9721; docs/EVALUATION-extraction.md).
    private const int ScopeLevels = 3;

    /// <summary>Receives each candidate block's features (training).</summary>
    public Action<BlockSample>? BlockSamples { get; init; }

    /// <summary>
    /// Computes the features of the candidate blocks: those the rules considered (<paramref name="inside"/>: the
    /// container and its content siblings) and the rest of the container's great-grandparent, which the rules never look at;
    /// blocks of named furniture are no candidates.
    /// Gives them to <see cref="BlockSamples"/>, and lets <see cref="BlockClassifier"/> decide which to keep. Returns
    /// the candidates in document order with the verdicts.
    /// </summary>
    private (List<TextBlock> Blocks, bool[] Keep) Reclassify(List<TextBlock> inside, bool[] keep, int to, int container, double totalGood)
    {
        PageElement main = _elements[container];
        int scope = container;
        for (int up = 0; up < ScopeLevels && _elements[scope].Parent >= 0; up++)
        {
            scope = _elements[scope].Parent;
        }

        int scopeEnd = _elements[scope].SubtreeEnd;
        var considered = new Dictionary<TextBlock, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inside.Count; i++)
        {
            considered[inside[i]] = i;
        }

        var blocks = new List<TextBlock>();
        var rules = new List<bool>();
        var afterCut = new List<bool>();
        foreach (TextBlock b in _blocks)
        {
            // Named furniture (comments, bylines, sidebars) stays out whatever its text looks like: the markup says
            // what it is, and the labelled pages are too few to learn that back.
            if (_elements[b.Owner].Furniture)
            {
                continue;
            }

            if (considered.TryGetValue(b, out int at))
            {
                blocks.Add(b);
                rules.Add(keep[at]);
                afterCut.Add(at >= to);
            }
            else if (b.Owner >= scope && b.Owner < scopeEnd && NearestHint(b.Owner, scope) is not (ElementHint.Negative or ElementHint.Label))
            {
                // Beyond the rules' ranges only unnamed or content-named parts: a comment section too big to be
                // marked furniture is still no part of the article.
                blocks.Add(b);
                rules.Add(false);
                afterCut.Add(false);
            }
        }

        int d = BlockClassifier.FeatureNames.Length;
        var verdicts = rules.ToArray();
        Span<double> x = stackalloc double[d];
        double candidateChars = 0;
        foreach (TextBlock b in blocks)
        {
            candidateChars += b.Text.Length;
        }

        double before = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            TextBlock b = blocks[i];
            PageElement owner = _elements[b.Owner];
            double length = Math.Max(1, b.Text.Length);
            bool considering = considered.ContainsKey(b);
            x.Clear();
            x[0] = rules[i] ? 1 : 0;
            x[1] = b.Rejected ? 1 : 0;
            x[2] = Math.Log(1 + b.Text.Length) / 8;
            x[3] = b.LinkDensity;
            x[4] = Math.Min(2, b.Good / length);
            x[5] = Math.Min(2, b.Bad / length);
            x[6] = EndsSentence(b.Text) ? 1 : 0;
            x[7] = blocks.Count > 1 ? (double)i / (blocks.Count - 1) : 0;
            x[8] = considering ? 1 : 0;
            x[9] = afterCut[i] ? 1 : 0;
            x[10] = owner.Furniture ? 1 : 0;
            x[11 + (int)b.Kind] = 1;
            x[19] = owner.Tag == "h1" ? 1 : 0;
            x[20] = owner.Tag == "p" ? 1 : 0;
            x[21] = owner.Tag == "div" ? 1 : 0;
            x[22] = owner.Tag == "span" ? 1 : 0;
            ElementHint hint = NearestHint(b.Owner, scope);
            if (hint != ElementHint.None)
            {
                x[22 + (int)hint] = 1;
            }

            x[27] = b.Owner >= container && b.Owner < main.SubtreeEnd ? 1 : 0;
            x[28] = DigitShare(b.Text);
            x[29] = b.Text.Length < SentenceLength ? 1 : 0;
            x[30] = i > 0 && rules[i - 1] ? 1 : 0;
            x[31] = i + 1 < blocks.Count && rules[i + 1] ? 1 : 0;
            x[32] = candidateChars > 0 ? b.Text.Length / candidateChars : 0;
            x[33] = totalGood > 0 ? Math.Min(1, before / totalGood) : 0;
            if (i > 0)
            {
                x[34] = blocks[i - 1].LinkDensity;
                x[36] = Math.Log(1 + blocks[i - 1].Text.Length) / 8;
                x[39] = blocks[i - 1].Rejected ? 1 : 0;
            }

            if (i + 1 < blocks.Count)
            {
                x[35] = blocks[i + 1].LinkDensity;
                x[37] = Math.Log(1 + blocks[i + 1].Text.Length) / 8;
                x[40] = blocks[i + 1].Rejected ? 1 : 0;
            }

            x[38] = MeanWordLength(b.Text) / 10;
            double windowText = 0, windowLinks = 0;
            for (int k = Math.Max(0, i - 2); k <= Math.Min(blocks.Count - 1, i + 2); k++)
            {
                windowText += blocks[k].Text.Length;
                windowLinks += blocks[k].LinkChars;
            }

            x[42] = windowText > 0 ? windowLinks / windowText : 0;
            x[43] = main.TextChars > 0 ? Math.Min(1, owner.TextChars / main.TextChars) : 0;
            x[44] = owner.LinkDensity;
            PathFeatures(b.Owner, container, scope, x);
            before += considering ? b.Good : 0;
            BlockSamples?.Invoke(new BlockSample(b.Text, x.ToArray(), rules[i]));
            if (BlockClassifier is not null)
            {
                verdicts[i] = BlockClassifier.Keep(x);
            }
        }

        return (blocks, verdicts);
    }

    // Tag path and class/id words of the block's owner and its ancestors up to the candidates' scope (Web2Text's and
    // Dragnet's DOM features), and how deep below the container it sits.
    private void PathFeatures(int element, int container, int scope, Span<double> x)
    {
        int words = BlockClassifier.ClassWordsAt, tags = words + BlockClassifier.ClassWords.Length;
        int stopAt = _elements[scope].Parent, depth = 0;
        for (int e = element; e >= 0 && e != stopAt && depth < 12; e = _elements[e].Parent, depth++)
        {
            PageElement at = _elements[e];
            int tag = Array.IndexOf(BlockClassifier.PathTags, at.Tag);
            if (tag >= 0)
            {
                x[tags + tag] = 1;
            }

            ClassWords(Hints.ClassNames(at.Element), x[words..tags]);
            if (e == container)
            {
                x[41] = Math.Min(1, depth / 8.0);
            }
        }
    }

    // Marks each class word that a word of the names starts with (names split at non-letters; taxonomy classes such
    // as WordPress's tag-share say what the post is about, not what the box is, and are left out by Hints.ClassNames).
    private static void ClassWords(string names, Span<double> x)
    {
        ReadOnlySpan<char> rest = names;
        while (!rest.IsEmpty)
        {
            int start = 0;
            while (start < rest.Length && !char.IsAsciiLetter(rest[start]))
            {
                start++;
            }

            int end = start;
            while (end < rest.Length && char.IsAsciiLetter(rest[end]))
            {
                end++;
            }

            ReadOnlySpan<char> word = rest[start..end];
            if (!word.IsEmpty)
            {
                string[] vocabulary = BlockClassifier.ClassWords;
                for (int w = 0; w < vocabulary.Length; w++)
                {
                    if (word.StartsWith(vocabulary[w], StringComparison.Ordinal))
                    {
                        x[w] = 1;
                    }
                }
            }

            rest = rest[end..];
        }
    }

    // The hint of the block's owner or its nearest hinted ancestor, up to the candidates' scope.
    private ElementHint NearestHint(int element, int scope)
    {
        int stopAt = _elements[scope].Parent;
        for (int e = element, depth = 0; e >= 0 && e != stopAt && depth < 12; e = _elements[e].Parent, depth++)
        {
            if (_elements[e].Hint != ElementHint.None)
            {
                return _elements[e].Hint;
            }
        }

        return ElementHint.None;
    }

    private static double MeanWordLength(string text)
    {
        int letters = 0, words = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool letter = char.IsLetterOrDigit(c);
            letters += letter ? 1 : 0;
            words += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return words == 0 ? 0 : Math.Min(20, (double)letters / words);
    }

    private static double DigitShare(string text)
    {
        int digits = 0;
        foreach (char c in text)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return text.Length == 0 ? 0 : (double)digits / text.Length;
    }
}
