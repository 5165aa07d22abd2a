using NearDup.Group;
using NearDup.Language;

namespace NearDup.Pipeline;

/// <summary>The evidence the story grouper needs beyond relations: word vectors of every document, and the semantic
/// stage's document vectors when it ran, and each document's language.</summary>
public sealed partial class ScanPipeline
{
    private StoryEvidence StoryEvidenceFor(List<DocumentInfo> documents, TextStore texts, float[][]? documentVectors, ParallelOptions parallel)
    {
        var builder = new TermVectorBuilder(documents.Count, options.Group.NameBoost);
        Parallel.For(0, documents.Count, parallel, i => builder.Add(i, texts.Get(i)));
        var languages = new string?[documents.Count];
        for (int i = 0; i < languages.Length; i++)
        {
            // Undetermined (too little text) is unknown, not a language of its own.
            languages[i] = documents[i].Language is { } l && l != LanguageDetector.Undetermined ? l : null;
        }

        return new StoryEvidence(builder.Build(), documentVectors, languages);
    }
}
