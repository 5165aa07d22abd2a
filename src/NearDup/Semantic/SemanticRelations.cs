using NearDup.Align;
using NearDup.Relate;
using NearDup.Segment;
using NearDup.Text;

namespace NearDup.Semantic;

/// <summary>Maps the meaning-level stage's findings to the report's relations.</summary>
internal static class SemanticRelations
{
    /// <summary>
    /// The relation of documents <paramref name="a"/> and <paramref name="b"/> as the report gives it: aligned sentence
    /// pairs become passages (verbatim, edited or paraphrase), text reuse is reported as a paraphrase (the lexical
    /// stages did not call it a copy), with the evidence in words.
    /// </summary>
    public static Relation ToRelation(int a, int b, SemanticRelation s, Token[] tokensA, Token[] tokensB, float documentCosine)
    {
        var passages = new List<Passage>(s.Sentences.Count);
        int matchedA = 0, matchedB = 0;
        foreach (var pair in s.Sentences)
        {
            var (firstA, endA) = Segmenter.TokenRange(tokensA, pair.A);
            var (firstB, endB) = Segmenter.TokenRange(tokensB, pair.B);
            int verbatim = 0;
            foreach (var run in pair.VerbatimRuns)
            {
                var (f, e) = Segmenter.TokenRange(tokensA, run.A);
                verbatim += e - f;
            }

            matchedA += endA - firstA;
            matchedB += endB - firstB;
            var kind = pair.Kind switch
            {
                AlignedSentenceKind.Verbatim => PassageKind.Verbatim,
                AlignedSentenceKind.Edited => PassageKind.Edited,
                _ => PassageKind.Paraphrase,
            };
            passages.Add(new Passage(pair.A, pair.B, firstA, endA, firstB, endB, verbatim, pair.Cosine, kind));
        }

        passages.Sort(static (x, y) => x.FirstTokenA.CompareTo(y.FirstTokenA));
        var alignment = new Alignment(passages, tokensA.Length, tokensB.Length,
            Math.Min(matchedA, tokensA.Length), Math.Min(matchedB, tokensB.Length));
        var kindOut = s.Kind == SemanticRelationKind.SameStory ? RelationKind.SameStory : RelationKind.Paraphrase;
        string reason = kindOut == RelationKind.Paraphrase
            ? $"paraphrase: {s.Sentences.Count} sentences aligned (support {s.Support:0.00}), {s.InOrderShare:P0} in order, {s.VerbatimShare:P0} of aligned words verbatim; document cosine {documentCosine:0.00}"
            : $"same_story: document cosine {s.DocumentCosine:0.00}, {s.StorySentences} sentences state the same facts, little shared wording";
        return new Relation(a, b, kindOut, s.Direction, s.CoverageA, s.CoverageB, s.Confidence, alignment, reason);
    }
}
