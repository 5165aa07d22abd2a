namespace NearDup.Boilerplate;

/// <summary>A block spliced into one copy of a story: it aligns with no other copy and reads as page furniture.</summary>
/// <param name="Document">Ordinal of the document that carries the block.</param>
/// <param name="Span">The block, from its first line's start to its last line's end, in the document's text.</param>
/// <param name="Reason">One line for people: the cues that fired.</param>
/// <param name="Score">How strongly the block reads as furniture, in [0, 1]: a heuristic, not a probability.</param>
internal sealed record Intrusion(int Document, TextSpan Span, string Reason, double Score);
