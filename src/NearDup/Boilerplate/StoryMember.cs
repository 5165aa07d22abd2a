using NearDup.Segment;

namespace NearDup.Boilerplate;

/// <summary>One copy of a story handed to the <see cref="IntrusionDetector"/>.</summary>
/// <param name="Document">Ordinal of the document (the one <see cref="Relate.Relation.A"/>/<see cref="Relate.Relation.B"/> use).</param>
/// <param name="Text">Its text.</param>
/// <param name="Segmentation">Its segmentation, or null to segment here.</param>
/// <param name="TokenCount">Its tokens, when the caller knows (the scan does): the member is then tokenized only if a
/// short line of another copy is looked for in it, or it is aligned.</param>
internal readonly record struct StoryMember(int Document, string Text, Segmentation? Segmentation = null, int? TokenCount = null);
