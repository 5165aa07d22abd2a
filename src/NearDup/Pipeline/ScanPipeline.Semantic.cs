using System.Collections.Concurrent;
using NearDup.Align;
using NearDup.Relate;
using NearDup.Segment;
using NearDup.Semantic;
using NearDup.Text;

namespace NearDup.Pipeline;

/// <summary>The meaning-level stage: paraphrases and same-story pairs that share too few words for the lexical stages.</summary>
public sealed partial class ScanPipeline
{
    // Pairs whose lexical relation already says all: the semantic stage leaves them as they are.
    internal static bool IsLexicalCopy(RelationKind kind) =>
        kind is RelationKind.Exact or RelationKind.NearExact or RelationKind.Contains or RelationKind.SharedSource;

    private List<Relation> AddSemanticRelations(List<Relation> lexical, List<DocumentInfo> documents, TextStore texts, ParallelOptions parallel, out int candidates)
    {
        var semantic = options.Semantic;
        var candidateEncoder = semantic.CandidateEncoder!;
        var verifyEncoder = semantic.VerifyEncoder ?? candidateEncoder;

        // Document vectors from the cheap encoder, one document at a time: only the vectors stay in memory.
        var finder = new SemanticCandidateFinder(candidateEncoder.Dimension);
        var vectors = new float[documents.Count][];
        var entities = new ulong[documents.Count][];
        Parallel.For(0, documents.Count, parallel, i =>
        {
            string text = texts.Get(i);
            var segmentation = Segmenter.Segment(text);
            vectors[i] = SemanticDocument.Create(text, candidateEncoder, segmentation).Vector;
            entities[i] = EntityKeys.Extract(text, Tokenizer.Tokenize(text), segmentation);
        });

        // A key held by many documents (a title, a country, an outlet's name) says little about one event.
        var frequency = new Dictionary<ulong, int>();
        foreach (var keys in entities)
        {
            foreach (ulong k in keys)
            {
                frequency[k] = frequency.GetValueOrDefault(k) + 1;
            }
        }

        int maxFrequency = Math.Max(semantic.MinEntityDocuments, (int)(documents.Count * semantic.MaxEntityShare));
        Func<ulong, bool> distinctive = k => frequency[k] <= maxFrequency;
        foreach (var v in vectors)
        {
            finder.Add(v);
        }

        var pairs = finder.FindPairs(semantic.Neighbours, semantic.MinDocumentCosine, options.Parallelism);
        candidates = pairs.Count;

        var byPair = new Dictionary<(int, int), int>(lexical.Count);
        for (int i = 0; i < lexical.Count; i++)
        {
            byPair[(lexical[i].A, lexical[i].B)] = i;
        }

        var cache = new ConcurrentDictionary<int, (SemanticDocument Doc, Token[] Tokens)>();
        var relater = new SemanticRelater(semantic.Relate);
        var found = new ConcurrentBag<Relation>();
        Parallel.For(0, pairs.Count, parallel, k =>
        {
            var pair = pairs[k];
            (int a, int b) = pair.A < pair.B ? (pair.A, pair.B) : (pair.B, pair.A);
            bool lexicallyRelated = byPair.TryGetValue((a, b), out int known);
            if (lexicallyRelated && IsLexicalCopy(lexical[known].Kind))
            {
                return;
            }

            if (!lexicallyRelated && EntityKeys.Shared(entities[a], entities[b], distinctive) < semantic.MinSharedEntities)
            {
                return; // alike in style and topic, but no names or figures in common: not one event
            }

            if (cache.Count > 4096)
            {
                cache.Clear(); // bounds memory on large corpora; neighbours are verified close together
            }

            var da = cache.GetOrAdd(a, Prepare, (texts, verifyEncoder));
            var db = cache.GetOrAdd(b, Prepare, (texts, verifyEncoder));
            var result = relater.Relate(da.Doc, db.Doc, documents[a].Published, documents[b].Published);
            // Text reuse that the lexical engine did not call a copy is a rewrite sentence by sentence in many of the
            // same words (an edited rewrite): reported as paraphrase, its passages marked edited or verbatim.
            if (result.Kind is not SemanticRelationKind.None)
            {
                found.Add(ToRelation(a, b, result, da.Tokens, db.Tokens, pair.Cosine));
            }
        });

        var merged = new List<Relation>(lexical);
        foreach (var r in found)
        {
            if (byPair.TryGetValue((r.A, r.B), out int i))
            {
                merged[i] = r; // a paraphrase says more than the partial overlap that hinted at it
            }
            else
            {
                merged.Add(r);
            }
        }

        merged.Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        return merged;
    }

    private static (SemanticDocument, Token[]) Prepare(int ordinal, (TextStore Texts, ISentenceEncoder Encoder) state)
    {
        string text = state.Texts.Get(ordinal);
        return (SemanticDocument.Create(text, state.Encoder, Segmenter.Segment(text)), Tokenizer.Tokenize(text));
    }

    private static Relation ToRelation(int a, int b, SemanticRelation s, Token[] tokensA, Token[] tokensB, float documentCosine)
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
        var direction = s.Direction switch
        {
            SemanticDirection.AToB => Direction.BFromA,
            SemanticDirection.BToA => Direction.AFromB,
            _ => Direction.None,
        };
        string reason = kindOut == RelationKind.Paraphrase
            ? $"paraphrase: {s.Sentences.Count} sentences aligned (support {s.Support:0.00}), {s.InOrderShare:P0} in order, {s.VerbatimShare:P0} of aligned words verbatim; document cosine {documentCosine:0.00}"
            : $"same_story: document cosine {s.DocumentCosine:0.00}, {s.StorySentences} sentences state the same facts, little shared wording";
        return new Relation(a, b, kindOut, direction, s.CoverageA, s.CoverageB, s.Confidence, alignment, reason);
    }
}
