using AngleSharp.Dom;

namespace NearDup.Extract;

/// <summary>One element of the page's body, in document (preorder) order, with its subtree's text statistics.</summary>
internal sealed class PageElement(IElement element, string tag, int parent, ElementHint hint)
{
    public IElement Element { get; } = element;

    public string Tag { get; } = tag;

    /// <summary>Index of the parent in the preorder list, -1 for the body.</summary>
    public int Parent { get; } = parent;

    /// <summary>One past the preorder index of the last descendant: descendants are [index + 1, SubtreeEnd).</summary>
    public int SubtreeEnd { get; set; }

    public ElementHint Hint { get; } = hint;

    /// <summary>Text blocks break at this element (block-level tags, and inline elements named as furniture).</summary>
    public bool Block { get; set; }

    /// <summary>Set when this element or an ancestor is page furniture (navigation, related links, comments ...).</summary>
    public bool Furniture { get; set; }

    public double TextChars { get; set; }

    public double LinkChars { get; set; }

    /// <summary>Chars of content-like blocks in the subtree.</summary>
    public double Good { get; set; }

    /// <summary>Chars of furniture-like blocks in the subtree.</summary>
    public double Bad { get; set; }

    /// <summary>Chars of furniture-like blocks in the subtree outside furniture-named elements (they would be kept).</summary>
    public double LooseBad { get; set; }

    public double LinkDensity => TextChars > 0 ? LinkChars / TextChars : 0;
}
