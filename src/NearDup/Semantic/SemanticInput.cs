using System.Globalization;
using NearDup.Segment;

namespace NearDup.Semantic;

/// <summary>
/// The part of a document the meaning-level stage reads: its first <c>maxSentences</c> sentences. A long document
/// costs the encoders, the entity keys and the sentence aligner no more than a news article of that length: the
/// text is cut (at a line or sentence end) before it is segmented, so even segmentation does not grow with it.
/// </summary>
/// <param name="Text">The head of the document (the whole text when it is short enough); spans index into it.</param>
/// <param name="Segmentation">Sentences of <see cref="Text"/>, at most the cap.</param>
/// <param name="Capped">True when the document was longer than what was kept.</param>
internal sealed record SemanticInput(string Text, Segmentation Segmentation, bool Capped)
{
    // Characters read per sentence allowed: news sentences average 120-150 characters, so this rarely cuts short.
    private const int CharactersPerSentence = 400;

    /// <summary>The first <paramref name="maxSentences"/> sentences of <paramref name="text"/>.</summary>
    public static SemanticInput Of(string text, int maxSentences)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentences, 1);
        long maxCharacters = (long)maxSentences * CharactersPerSentence;
        bool cut = text.Length > maxCharacters;
        string head = cut ? text[..CutAt(text, (int)maxCharacters)] : text;
        var segmentation = Segmenter.Segment(head);
        if (segmentation.Sentences.Length > maxSentences)
        {
            segmentation = segmentation with
            {
                Sentences = segmentation.Sentences[..maxSentences],
                SentenceParagraph = segmentation.SentenceParagraph[..maxSentences],
            };
            cut = true;
        }

        return new SemanticInput(head, segmentation, cut);
    }

    /// <summary>What the report says about a capped document: how much of it was read.</summary>
    public string CapNote(int fullLength) => string.Create(CultureInfo.InvariantCulture,
        $"meaning-level matching read the first {Segmentation.Sentences.Length} sentences ({Math.Min(Text.Length, Segmentation.Sentences.Length > 0 ? Segmentation.Sentences[^1].End : 0):N0} of {fullLength:N0} characters)");

    // The last line break, else sentence end, else space, in the second half of the window; else the window's end.
    private static int CutAt(string text, int limit)
    {
        var window = text.AsSpan(limit / 2, limit - limit / 2);
        int at = window.LastIndexOf('\n');
        if (at < 0)
        {
            at = window.LastIndexOf(". ".AsSpan());
        }

        if (at < 0)
        {
            at = window.LastIndexOf(' ');
        }

        int cut = at >= 0 ? limit / 2 + at + 1 : limit;
        return char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut;
    }
}
