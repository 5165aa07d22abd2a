using NearDup.Group;
using NearDup.Read;
using NearDup.Relate;

namespace NearDup.Pipeline;

/// <summary>Everything a scan found, with the texts kept on disk so that reports can show the passages.</summary>
/// <remarks>Dispose it to delete the spilled texts.</remarks>
public sealed class ScanResult : IDisposable
{
    private readonly TextStore texts;

    internal ScanResult(
        TextStore texts,
        IReadOnlyList<DocumentInfo> documents,
        IReadOnlyList<Relation> relations,
        IReadOnlyList<Story> stories,
        IReadOnlyList<Furniture> furniture,
        IReadOnlyList<InputProblem> problems,
        ScanStats stats)
    {
        this.texts = texts;
        Documents = documents;
        Relations = relations;
        Stories = stories;
        Furniture = furniture;
        Problems = problems;
        Stats = stats;
    }

    public IReadOnlyList<DocumentInfo> Documents { get; }

    /// <summary>Related pairs ordered by (A, B) ordinal, A &lt; B.</summary>
    public IReadOnlyList<Relation> Relations { get; }

    public IReadOnlyList<Story> Stories { get; }

    /// <summary>Page furniture in related documents: spliced intrusions and learned boilerplate, by document.</summary>
    public IReadOnlyList<Furniture> Furniture { get; }

    /// <summary>Input that was skipped or repaired, with where and why.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    public ScanStats Stats { get; }

    /// <summary>What the stories were grouped on besides relations: word vectors, document vectors.</summary>
    public StoryEvidence Evidence { get; internal init; } = StoryEvidence.None;

    /// <summary>The original text of a document, read back from the spill file.</summary>
    public string Text(int ordinal) => texts.Get(ordinal);

    public void Dispose() => texts.Dispose();
}
