namespace NearDup.Evaluation.Synth;

/// <summary>How a planted document derives from its base text; in the truth, the relation of a pair.</summary>
/// <remarks>Written in truth files as kebab-case names: exact, near-exact, trimmed, edited, furniture, excerpt, shuffled, shared-source, paraphrase, hard-negative.</remarks>
public enum SynthKind
{
    /// <summary>A verbatim copy.</summary>
    Exact,

    /// <summary>A copy with one to four single-word edits.</summary>
    NearExact,

    /// <summary>First and/or last paragraphs dropped and a new headline.</summary>
    Trimmed,

    /// <summary>5–10% of the words substituted, inserted or deleted, in clumps through the text.</summary>
    Edited,

    /// <summary>A copy with a block of unrelated teaser lines spliced in.</summary>
    Furniture,

    /// <summary>A contiguous 20–40% of the base inside a new, different text (containment).</summary>
    Excerpt,

    /// <summary>The base's body paragraphs in another order.</summary>
    Shuffled,

    /// <summary>Pair kind only: two derivations of one base that share text (the base may be absent from the corpus).</summary>
    SharedSource,

    /// <summary>Pair kind only: a planted article and its rewrite, sentence by sentence in labelled paraphrases (<see cref="SynthOptions.Paraphrases"/>).</summary>
    Paraphrase,

    /// <summary>
    /// Pair kind only, a negative: a planted article and its hard negative (sentences labelled not paraphrases, lexically
    /// close). Not reuse: reporting it is a false positive.
    /// </summary>
    HardNegative,
}
