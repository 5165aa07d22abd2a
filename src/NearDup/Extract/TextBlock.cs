namespace NearDup.Extract;

/// <summary>A run of text between block boundaries, owned by its nearest block-level element.</summary>
internal sealed class TextBlock(string text, int owner, int linkChars, BlockKind kind)
{
    public string Text { get; } = text;

    public int Owner { get; } = owner;

    public int LinkChars { get; } = linkChars;

    public BlockKind Kind { get; } = kind;

    public double LinkDensity => Text.Length > 0 ? (double)LinkChars / Text.Length : 0;

    public double Good { get; set; }

    public double Bad { get; set; }

    /// <summary>Known not to be article text (furniture, link list, absent from JSON-LD articleBody).</summary>
    public bool Rejected { get; set; }
}
