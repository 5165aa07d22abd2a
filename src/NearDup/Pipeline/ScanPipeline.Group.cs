using NearDup.Boilerplate;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Language;
using NearDup.Relate;
using NearDup.Text;

namespace NearDup.Pipeline;

/// <summary>The evidence the story grouper needs beyond relations: word vectors of every document, and the semantic
/// stage's document vectors when it ran, and each document's language.</summary>
internal sealed partial class ScanPipeline
{
    // Tokenizes once: the fingerprint and the grouper's word counts come from the same tokens, so the grouping
    // stage neither reads the texts back nor tokenizes them again.
    // With lines, also the document's line hashes for boilerplate learning (lines[slot]), from the same tokens.
    private DocumentFingerprint FingerprintAndCount(int ordinal, string text, TermVectorBuilder termCounts, LineHash[][]? lines, int slot)
    {
        using var lease = Tokenizer.Lease(text);
        var tokens = lease.Tokens;
        termCounts.Add(ordinal, text.AsSpan(), tokens);
        if (lines is not null)
        {
            lines[slot] = BoilerplateStage.LineHashes(text, tokens);
        }

        return fingerprinter.Compute(tokens);
    }

    private static StoryEvidence StoryEvidenceFor(List<DocumentInfo> documents, TermVectorBuilder termCounts, float[][]? documentVectors)
    {
        var languages = new string?[documents.Count];
        for (int i = 0; i < languages.Length; i++)
        {
            // Undetermined (too little text) is unknown, not a language of its own.
            languages[i] = documents[i].Language is { } l && l != LanguageDetector.Undetermined ? l : null;
        }

        // The word counts are let go as they are weighed: the scan does not need them after.
        return new StoryEvidence(termCounts.Build(release: true), documentVectors, languages);
    }

    // The stories again, each with every relation whose ends are both its members (after relations were added).
    private static List<Story> WithRelations(IReadOnlyList<Story> stories, List<Relation> relations)
    {
        var storyOf = new Dictionary<int, int>();
        var own = new List<Relation>[stories.Count];
        for (int s = 0; s < stories.Count; s++)
        {
            own[s] = [];
            foreach (int m in stories[s].Members)
            {
                storyOf[m] = s;
            }
        }

        foreach (var r in relations)
        {
            if (storyOf.TryGetValue(r.A, out int s) && storyOf.TryGetValue(r.B, out int t) && s == t)
            {
                own[s].Add(r);
            }
        }

        var result = new List<Story>(stories.Count);
        for (int s = 0; s < stories.Count; s++)
        {
            result.Add(stories[s] with { Relations = own[s] });
        }

        return result;
    }
}
