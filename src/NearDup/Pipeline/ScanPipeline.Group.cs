using NearDup.Group;

namespace NearDup.Pipeline;

/// <summary>The evidence the story grouper needs beyond relations: word vectors of every document, and the semantic
/// stage's document vectors when it ran.</summary>
public sealed partial class ScanPipeline
{
    private StoryEvidence StoryEvidenceFor(List<DocumentInfo> documents, TextStore texts, float[][]? documentVectors, ParallelOptions parallel)
    {
        var builder = new TermVectorBuilder(documents.Count, options.Group.NameBoost);
        Parallel.For(0, documents.Count, parallel, i => builder.Add(i, texts.Get(i)));
        return new StoryEvidence(builder.Build(), documentVectors);
    }
}
