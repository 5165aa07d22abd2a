using AngleSharp.Dom;

namespace NearDup.Extract;

internal sealed partial class PageModel
{
    private readonly struct Frame(INode node, int parent, int index, bool exit)
    {
        public INode Node { get; } = node;

        public int Parent { get; } = parent;

        public int Index { get; } = index;

        public bool Exit { get; } = exit;
    }

    /// <summary>Elements whose content is never article text.</summary>
    private static readonly HashSet<string> Junk = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
        "audio", "button", "input", "select", "textarea", "option", "dialog", "menu", "figure", "figcaption",
        "head", "link", "meta", "map", "applet", "frameset", "frame", "picture", "source", "img", "label", "fieldset",
    };

    private static readonly HashSet<string> JunkRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "search", "dialog", "alertdialog", "menu", "menubar", "toolbar", "tablist", "button",
    };

    /// <summary>Elements that end a run of text (a new block starts after them).</summary>
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
        "form", "address", "nav", "aside", "footer", "hr", "center", "details", "summary", "body", "hgroup", "legend",
    };

    /// <summary>Cuts the body into elements and text blocks.</summary>
    public void Walk(IElement body)
    {
        var stack = new Stack<Frame>();
        var owners = new Stack<int>();
        int linkDepth = 0;
        int preDepth = 0;
        stack.Push(new Frame(body, -1, -1, false));
        while (stack.Count > 0)
        {
            Frame frame = stack.Pop();
            INode node = frame.Node;
            if (frame.Exit)
            {
                PageElement done = _elements[frame.Index];
                done.SubtreeEnd = _elements.Count;
                string tag = done.Tag;
                if (done.Block)
                {
                    Flush(frame.Index, preDepth > 0);
                    owners.Pop();
                }

                if (tag == "a")
                {
                    linkDepth--;
                }
                else if (tag == "pre")
                {
                    preDepth--;
                }

                continue;
            }

            if (node is IText textNode)
            {
                Append(textNode.Data, linkDepth > 0, preDepth > 0);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            string name = element.LocalName;
            if (IsJunk(element, name))
            {
                if (name == "script" && IsJsonLd(element))
                {
                    _jsonLd.Add(element.TextContent);
                }
                else if (name == "meta" || name == "link")
                {
                    ReadMetaElement(element);
                }

                continue;
            }

            if (name == "br")
            {
                BreakLine();
                continue;
            }

            int index = _elements.Count;
            var info = new PageElement(element, name, frame.Parent, Hints.Of(element, name));
            _elements.Add(info);
            ReadInBody(element, name);

            // An inline element named as furniture (a caption or credit span) is a block of its own, so that it
            // can be judged apart from the text around it.
            info.Block = BlockTags.Contains(name) || (info.Hint == ElementHint.Negative && name != "a");
            if (info.Block)
            {
                Flush(owners.Count > 0 ? owners.Peek() : index, preDepth > 0);
                owners.Push(index);
            }

            if (name == "a")
            {
                linkDepth++;
            }
            else if (name == "pre")
            {
                preDepth++;
            }

            stack.Push(new Frame(element, frame.Parent, index, true));
            // By index: AngleSharp's PreviousSibling scans the parent's children, quadratic in the siblings
            // (100,000 paragraphs in one element took 13 s; found fuzzing).
            INodeList children = element.ChildNodes;
            for (int k = children.Length - 1; k >= 0; k--)
            {
                stack.Push(new Frame(children[k], index, -1, false));
            }
        }
    }

    private static bool IsJunk(IElement e, string name)
    {
        if (Junk.Contains(name))
        {
            return true;
        }

        if (e.HasAttribute("hidden"))
        {
            return true;
        }

        string? role = e.GetAttribute("role");
        if (role is not null && JunkRoles.Contains(role.Trim()))
        {
            return true;
        }

        if (e.GetAttribute("aria-hidden") is string ariaHidden && ariaHidden.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string? style = e.GetAttribute("style");
        if (style is not null && style.Length < 2000 && (Hints.HidesElement(style)))
        {
            return true;
        }

        return false;
    }

    /// <summary>Metadata that lives in the body: h1, time elements, byline elements.</summary>
    private void ReadInBody(IElement e, string name)
    {
        if (name == "h1" && _h1.Count < 4)
        {
            string? h = Clean(e.TextContent);
            if (h is not null && h.Length <= 300)
            {
                _h1.Add(h);
            }
        }
        else if (name == "time" && _timeDate is null)
        {
            _timeDate = e.GetAttribute("datetime");
        }

        if (_timeDate is null && e.GetAttribute("itemprop") is string prop && prop.Equals("datePublished", StringComparison.OrdinalIgnoreCase))
        {
            _timeDate = e.GetAttribute("content") ?? e.GetAttribute("datetime") ?? e.TextContent;
        }

        if (_bylineText is null && (ContainsToken(e.GetAttribute("rel"), "author") || Hints.IsByline(e)))
        {
            string? b = Clean(e.TextContent);
            if (b is not null && b.Length is > 2 and < 120)
            {
                _bylineText = Hints.StripBy(b);
            }
        }
    }

    private void Append(string data, bool inLink, bool preformatted)
    {
        foreach (char c in data)
        {
            if (c is '\u200B' or '\uFEFF' or '\u00AD')
            {
                continue;
            }

            if (preformatted)
            {
                if (c == '\r')
                {
                    continue;
                }

                _buffer.Append(c);
                if (!char.IsWhiteSpace(c) && inLink)
                {
                    _bufferLinkChars++;
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
                continue;
            }

            if (_pendingSpace && _buffer.Length > 0 && _buffer[^1] != '\n')
            {
                _buffer.Append(' ');
                if (inLink)
                {
                    _bufferLinkChars++;
                }
            }

            _pendingSpace = false;
            _buffer.Append(c);
            if (inLink)
            {
                _bufferLinkChars++;
            }
        }
    }

    private void BreakLine()
    {
        while (_buffer.Length > 0 && _buffer[^1] == ' ')
        {
            _buffer.Length--;
        }

        if (_buffer.Length > 0)
        {
            _buffer.Append('\n');
        }

        _pendingSpace = false;
    }

    private void Flush(int owner, bool preformatted)
    {
        _pendingSpace = false;
        if (_buffer.Length == 0)
        {
            return;
        }

        string text = preformatted ? _buffer.ToString().Trim('\n', '\r') : _buffer.ToString().Trim();
        if (!preformatted)
        {
            // Two or more <br> in a row separate paragraphs.
            while (text.Contains("\n\n\n", StringComparison.Ordinal))
            {
                text = text.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
            }
        }

        int linkChars = Math.Min(_bufferLinkChars, text.Length);
        _buffer.Clear();
        _bufferLinkChars = 0;
        if (text.Length == 0 || text.AsSpan().IndexOfAnyExcept(" \n\t") < 0)
        {
            return;
        }

        _blocks.Add(new TextBlock(text, owner, linkChars, KindOf(_elements[owner].Tag, preformatted)));
    }

    private static BlockKind KindOf(string tag, bool preformatted) => preformatted ? BlockKind.Preformatted : tag switch
    {
        "p" => BlockKind.Paragraph,
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => BlockKind.Heading,
        "li" or "dt" or "dd" => BlockKind.ListItem,
        "blockquote" => BlockKind.Quote,
        "pre" => BlockKind.Preformatted,
        "td" or "th" => BlockKind.Cell,
        "figcaption" or "caption" => BlockKind.Caption,
        _ => BlockKind.Text,
    };
}
