using System.Collections.Concurrent;
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

    private List<Relation> AddSemanticRelations(List<Relation> lexical, List<DocumentInfo> documents, TextStore texts, ParallelOptions parallel, out SemanticCounts counts,
        out float[][] documentVectors, UnalignedCandidates? unaligned = null)
    {
        var semantic = options.Semantic;
        var candidateEncoder = semantic.CandidateEncoder!;
        var verifyEncoder = semantic.VerifyEncoder ?? candidateEncoder;

        // Document vectors from the cheap encoder, one document at a time: only the vectors stay in memory. A document
        // in a language the encoders do not cover keeps the zero vector (no neighbours) and no keys; a long one is
        // read to MaxSentences.
        var finder = new SemanticCandidateFinder(candidateEncoder.Dimension);
        var vectors = new float[documents.Count][];
        var entities = new ulong[documents.Count][];
        documentVectors = vectors;
        var notes = new string?[documents.Count];
        string model = verifyEncoder.Name;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int from = 0; from < documents.Count; from += VectorBatch)
        {
            Report(ScanStage.SemanticVectors, from, documents.Count, watch);
            Parallel.For(from, Math.Min(documents.Count, from + VectorBatch), parallel, i =>
            {
                if (!semantic.Covers(documents[i].Language))
                {
                    vectors[i] = new float[candidateEncoder.Dimension];
                    entities[i] = [];
                    notes[i] = $"meaning-level matching skipped: language '{documents[i].Language}' is not covered by {model}";
                    return;
                }

                string text = texts.Get(i);
                var input = SemanticInput.Of(text, semantic.MaxSentences);
                vectors[i] = SemanticDocument.Create(input.Text, candidateEncoder, input.Segmentation).Vector;
                entities[i] = EntityKeys.Extract(input.Text, Tokenizer.Tokenize(input.Text), input.Segmentation);
                notes[i] = input.Capped ? input.CapNote(text.Length) : null;
            });
        }

        Report(ScanStage.SemanticVectors, documents.Count, documents.Count, watch);
        AddNotes(documents, notes);

        var entityFilter = new EntityFilter(entities, semantic.MinSharedEntities, semantic.MaxEntityShare, semantic.MinEntityDocuments);
        foreach (var v in vectors)
        {
            finder.Add(v);
        }

        var pairs = finder.FindPairs(semantic.Neighbours, semantic.MinDocumentCosine, options.Parallelism);

        var byPair = new Dictionary<(int, int), int>(lexical.Count);
        for (int i = 0; i < lexical.Count; i++)
        {
            byPair[(lexical[i].A, lexical[i].B)] = i;
        }

        // The cheap filters first: only the pairs left decide which documents MiniLM encodes.
        var verify = new List<SemanticCandidate>();
        foreach (var pair in pairs)
        {
            (int a, int b) = pair.A < pair.B ? (pair.A, pair.B) : (pair.B, pair.A);
            if (!SameCoveredLanguage(documents[a], documents[b], semantic))
            {
                continue; // never a paraphrase or the same story across languages, nor in one the model cannot read
            }

            bool lexicallyRelated = byPair.TryGetValue((a, b), out int known);
            if (lexicallyRelated && IsLexicalCopy(lexical[known].Kind))
            {
                continue;
            }

            // Tree mode: a copy candidate left unaligned is explained through the tree; a partial one is lexical evidence.
            bool? unalignedCopy = lexicallyRelated ? null : unaligned?.IsCopy(a, b);
            if (unalignedCopy == true)
            {
                continue;
            }

            lexicallyRelated |= unalignedCopy == false;

            if (!lexicallyRelated && !entityFilter.Passes(a, b))
            {
                continue; // alike in style and topic, but no names or figures in common: not one event
            }

            verify.Add(new SemanticCandidate(a, b, pair.Cosine));
        }

        int filtered = verify.Count;
        watch.Restart();
        if (!ReferenceEquals(verifyEncoder, candidateEncoder) && verify.Count > 0)
        {
            verify = Screen(verify, texts, candidateEncoder, parallel, watch);
        }

        var relater = new SemanticRelater(semantic.Relate);
        var found = new ConcurrentBag<Relation>();
        long sentencesEncoded = 0;
        watch.Restart();
        Report(ScanStage.SemanticVerification, 0, verify.Count, watch);
        VerifyPairs(verify, texts, verifyEncoder, parallel, semantic.MaxSentences, (k, da, db) =>
        {
            var pair = verify[k];
            var result = relater.Relate(da.Document, db.Document, documents[pair.A].Published, documents[pair.B].Published);
            // Text reuse that the lexical engine did not call a copy is a rewrite sentence by sentence in many of the
            // same words (an edited rewrite): reported as paraphrase, its passages marked edited or verbatim.
            if (result.Kind is not SemanticRelationKind.None)
            {
                found.Add(SemanticRelations.ToRelation(pair.A, pair.B, result, da.Tokens, db.Tokens, pair.Cosine));
            }
        }, done => Report(ScanStage.SemanticVerification, done, verify.Count, watch), sentences => sentencesEncoded += sentences);
        counts = new SemanticCounts(pairs.Count, filtered, verify.Count, sentencesEncoded);

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

    // The screen: each pair's documents encoded with the candidate encoder (cheap), shared sentences set aside; only
    // the pairs it cannot rule out go on to the verify encoder.
    private List<SemanticCandidate> Screen(List<SemanticCandidate> pairs, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel, System.Diagnostics.Stopwatch watch)
    {
        var semantic = options.Semantic;
        var screen = new SemanticScreen(semantic.Relate, semantic.ScreenCuts);
        var passes = new bool[pairs.Count];
        Report(ScanStage.SemanticScreen, 0, pairs.Count, watch);
        VerifyPairs(pairs, texts, encoder, parallel, semantic.MaxSentences, (k, da, db) => passes[k] = screen.Passes(da.Document, db.Document),
            done => Report(ScanStage.SemanticScreen, done, pairs.Count, watch));

        var kept = new List<SemanticCandidate>();
        for (int k = 0; k < pairs.Count; k++)
        {
            if (passes[k])
            {
                kept.Add(pairs[k]);
            }
        }

        return kept;
    }

    private static bool SameCoveredLanguage(DocumentInfo a, DocumentInfo b, SemanticScanOptions semantic) =>
        string.Equals(a.Language, b.Language, StringComparison.Ordinal) && semantic.Covers(a.Language);

    // Appends one note per document where there is one; a document's record is replaced, not changed.
    private static void AddNotes(List<DocumentInfo> documents, string?[] notes)
    {
        for (int i = 0; i < notes.Length; i++)
        {
            if (notes[i] is { } note)
            {
                documents[i] = documents[i] with { Notes = [.. documents[i].Notes, note] };
            }
        }
    }

    // Documents per progress report while computing document vectors.
    private const int VectorBatch = 4096;

    // Documents kept encoded at once: bounds memory on large corpora (a document is ~50 KB of vectors and tokens).
    private const int MaxEncodedDocuments = 8192;

    // Most documents one window of pairs touches: their encoding is one parallel round, their pairs the next.
    private const int WindowDocuments = 1024;

    // Sentences per encoder call: many documents' sentences in one call, so length-sorted batches pad little.
    private const int SentencesPerCall = 256;

    internal readonly record struct PreparedDocument(SemanticDocument Document, Token[] Tokens);

    /// <summary>
    /// Calls <paramref name="relate"/> for every pair with both documents encoded. Pairs are taken in document order,
    /// window by window: a window's documents not yet encoded are encoded together (many per encoder call, spread
    /// over the workers), then its pairs are related in parallel; a document is dropped once its last pair is done,
    /// or, over <see cref="MaxEncodedDocuments"/>, when it is needed latest. Sorts <paramref name="pairs"/> in place
    /// (<paramref name="relate"/> gets the index into the sorted list). Returns the documents encoded;
    /// <paramref name="sentencesEncoded"/> hears their sentences, window by window.
    /// </summary>
    internal static int VerifyPairs(List<SemanticCandidate> pairs, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel,
        int maxSentences, Action<int, PreparedDocument, PreparedDocument> relate, Action<int>? windowDone = null, Action<long>? sentencesEncoded = null,
        int windowDocuments = WindowDocuments, int maxEncodedDocuments = MaxEncodedDocuments)
    {
        pairs.Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        var lastUse = new Dictionary<int, int>();
        for (int k = 0; k < pairs.Count; k++)
        {
            lastUse[pairs[k].A] = k;
            lastUse[pairs[k].B] = k;
        }

        var cache = new Dictionary<int, PreparedDocument>();
        var window = new HashSet<int>();
        var missing = new List<int>();
        int encoded = 0;
        for (int start = 0, end; start < pairs.Count; start = end)
        {
            window.Clear();
            for (end = start; end < pairs.Count; end++)
            {
                int grow = (window.Contains(pairs[end].A) ? 0 : 1) + (window.Contains(pairs[end].B) ? 0 : 1);
                if (end > start && window.Count + grow > windowDocuments)
                {
                    break;
                }

                window.Add(pairs[end].A);
                window.Add(pairs[end].B);
            }

            missing.Clear();
            foreach (int d in window)
            {
                if (!cache.ContainsKey(d))
                {
                    missing.Add(d);
                }
            }

            if (cache.Count + missing.Count > maxEncodedDocuments)
            {
                var idle = new List<int>();
                foreach (int d in cache.Keys)
                {
                    if (!window.Contains(d))
                    {
                        idle.Add(d);
                    }
                }

                idle.Sort((x, y) => lastUse[y].CompareTo(lastUse[x]));
                for (int i = 0; i < idle.Count && cache.Count + missing.Count > maxEncodedDocuments; i++)
                {
                    cache.Remove(idle[i]);
                }
            }

            missing.Sort();
            long sentences = 0;
            foreach (var (d, prepared) in Encode(missing, texts, encoder, parallel, maxSentences))
            {
                cache.Add(d, prepared);
                sentences += prepared.Document.Count;
            }

            sentencesEncoded?.Invoke(sentences);

            encoded += missing.Count;
            Parallel.For(start, end, parallel, k => relate(k, cache[pairs[k].A], cache[pairs[k].B]));
            windowDone?.Invoke(end);
            foreach (int d in window)
            {
                if (lastUse[d] < end)
                {
                    cache.Remove(d);
                }
            }
        }

        return encoded;
    }

    // Segments the documents (their first maxSentences sentences), then encodes their sentences SentencesPerCall at a
    // time, calls in parallel.
    private static (int, PreparedDocument)[] Encode(List<int> ordinals, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel, int maxSentences)
    {
        var documentTexts = new string[ordinals.Count];
        var segmentations = new Segmentation[ordinals.Count];
        Parallel.For(0, ordinals.Count, parallel, i =>
        {
            var input = SemanticInput.Of(texts.Get(ordinals[i]), maxSentences);
            documentTexts[i] = input.Text;
            segmentations[i] = input.Segmentation;
        });
        var calls = new List<(int First, int End)>();
        for (int first = 0, sentences = 0, i = 0; i < ordinals.Count; i++)
        {
            sentences += segmentations[i].Sentences.Length;
            if (sentences >= SentencesPerCall || i == ordinals.Count - 1)
            {
                calls.Add((first, i + 1));
                first = i + 1;
                sentences = 0;
            }
        }

        var prepared = new (int, PreparedDocument)[ordinals.Count];
        int dim = encoder.Dimension;
        Parallel.For(0, calls.Count, parallel, c =>
        {
            var (first, end) = calls[c];
            var sentences = new List<string>();
            for (int i = first; i < end; i++)
            {
                string text = documentTexts[i];
                foreach (var span in segmentations[i].Sentences)
                {
                    sentences.Add(span.Slice(text).ToString());
                }
            }

            var vectors = new float[sentences.Count * dim];
            encoder.Encode(sentences, vectors);
            for (int i = first, offset = 0; i < end; i++)
            {
                var spans = segmentations[i].Sentences;
                string text = documentTexts[i];
                var own = vectors.AsSpan(offset, spans.Length * dim).ToArray();
                offset += own.Length;
                prepared[i] = (ordinals[i], new PreparedDocument(SemanticDocument.Create(text, spans, own, dim), Tokenizer.Tokenize(text)));
            }
        });

        return prepared;
    }
}
