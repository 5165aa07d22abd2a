namespace NearDup.Segment;

/// <summary>The paragraphs and sentences of one text, as trimmed spans of the original, in order.</summary>
/// <param name="Paragraphs">Blocks separated by blank lines (or by line breaks, in texts without blank lines).</param>
/// <param name="Sentences">Sentences; none crosses a paragraph boundary.</param>
/// <param name="SentenceParagraph">For each sentence, the index of its paragraph.</param>
internal sealed record Segmentation(TextSpan[] Paragraphs, TextSpan[] Sentences, int[] SentenceParagraph)
{
    public static Segmentation Empty { get; } = new([], [], []);
}
