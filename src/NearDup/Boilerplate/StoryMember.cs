using NearDup.Segment;

namespace NearDup.Boilerplate;

/// <summary>One copy of a story handed to the <see cref="IntrusionDetector"/>.</summary>
/// <param name="Document">Ordinal of the document (the one <see cref="Relate.Relation.A"/>/<see cref="Relate.Relation.B"/> use).</param>
/// <param name="Text">Its text (the scan's are read into a worker's <see cref="StoryTexts"/>, not as strings).</param>
/// <param name="Segmentation">Its segmentation, or null to segment here.</param>
/// <param name="TokenCount">Its tokens, when the caller knows (the scan does): the member is then tokenized only if a
/// short line of another copy is looked for in it, or it is aligned.</param>
internal readonly record struct StoryMember(int Document, ReadOnlyMemory<char> Text, Segmentation? Segmentation = null, int? TokenCount = null)
{
    /// <summary>A member whose text is a string.</summary>
    public StoryMember(int document, string text, Segmentation? segmentation = null, int? tokenCount = null)
        : this(document, (text ?? throw new ArgumentNullException(nameof(text))).AsMemory(), segmentation, tokenCount)
    {
    }
}
