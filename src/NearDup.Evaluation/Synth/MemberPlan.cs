namespace NearDup.Evaluation.Synth;

/// <summary>How one planted document is derived from its base, decided from the base's shape alone.</summary>
internal sealed class MemberPlan
{
    public required SynthKind Kind { get; init; }

    /// <summary>Base sentences the derivation keeps (edited or not), ascending: the truth is computed from these.</summary>
    public required int[] Kept { get; init; }

    /// <summary>Word edits per base sentence (near-exact, edited), else null.</summary>
    public int[]? Edits { get; init; }

    public int DropFirst { get; init; }

    public int DropLast { get; init; }

    /// <summary>Excerpt: first and end (exclusive) base sentence.</summary>
    public int ExcerptStart { get; init; }

    public int ExcerptEnd { get; init; }

    /// <summary>Shuffled: the new order of the base paragraphs.</summary>
    public int[]? ParagraphOrder { get; init; }

    /// <summary>Furniture: the paragraph index the block goes before, and its line count.</summary>
    public int FurnitureAt { get; init; }

    public int FurnitureLines { get; init; }
}
