using NearDup.Language;
using NearDup.Pipeline;
using NearDup.Relate;
using NearDup.Semantic;
using NearDup.Text;

namespace NearDup.Index;

/// <summary>
/// Meaning-level matching in the index, with the scan's semantic components: document vectors of the candidate
/// encoder (kept in the store, searched in memory through an HNSW graph), the shared-names filter, the static screen, and the verify
/// encoder's sentence alignment (<see cref="SemanticRelater"/>).
/// </summary>
public sealed partial class NearDupIndex
{
    private readonly SemaphoreSlim vectorsLoad = new(1, 1);
    private readonly Lock vectorsGate = new();
    private HnswGraph? vectors; // every indexed document vector, by row: a query reads ~log n · ef of them, not all
    private readonly List<long> vectorNumbers = []; // document number of each row

    // On a shared store (many workers): the numbers whose vectors are in the graph, and how far the commit log of
    // every worker's batches has been read into it.
    private HashSet<long>? vectorsHeld;
    private string? committedPosition;

    private bool MatchesMeaning => Options.Semantic.Enabled;

    private readonly Dictionary<ulong, int> entityDocuments = []; // indexed documents holding each entity key

    // Sentence vectors of each encoder by exact sentence text: a candidate met again, or a sentence reprinted across
    // documents, is not encoded again (bounded: the first 32,768 sentences of each, ~50 MB for MiniLM).
    private SentenceVectorCache? candidateSentences;
    private SentenceVectorCache? verifySentences;

    private SentenceVectorCache CandidateSentences =>
        LazyInitializer.EnsureInitialized(ref candidateSentences, () => new SentenceVectorCache(Options.Semantic.CandidateEncoder!.Dimension, 1 << 15));

    private SentenceVectorCache VerifySentences =>
        LazyInitializer.EnsureInitialized(ref verifySentences, () => new SentenceVectorCache((Options.Semantic.VerifyEncoder ?? Options.Semantic.CandidateEncoder!).Dimension, 1 << 15));

    /// <summary>
    /// The document vector and entity keys of <paramref name="text"/>, or nulls when meaning-level matching is off or
    /// does not cover its language.
    /// </summary>
    private (float[]? Vector, ulong[]? Entities) Meaning(string text)
    {
        var semantic = Options.Semantic;
        if (!semantic.Enabled || !semantic.Covers(LanguageDetector.Detect(text)))
        {
            return (null, null);
        }

        var input = SemanticInput.Of(text, semantic.MaxSentences);
        return (SemanticDocument.VectorOf(input.Text, semantic.CandidateEncoder!, input.Segmentation, CandidateSentences),
            EntityKeys.Extract(input.Text, Tokenizer.Tokenize(input.Text), input.Segmentation));
    }

    // Called with vectorsGate held, or before the vectors are published.
    private void CountEntities(ulong[]? entities)
    {
        foreach (ulong k in entities ?? [])
        {
            entityDocuments[k] = entityDocuments.GetValueOrDefault(k) + 1;
        }
    }

    /// <summary>
    /// Reads the indexed documents' vectors into memory, once: the graph saved when the index was last closed, and
    /// the vectors of documents added after it (all of them when there is no snapshot to use).
    /// </summary>
    private async Task EnsureVectorsAsync(CancellationToken cancellationToken)
    {
        if (!MatchesMeaning || Volatile.Read(ref vectors) is not null)
        {
            return;
        }

        await vectorsLoad.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (vectors is not null)
            {
                return;
            }

            // Where the other workers' commits are read from next: taken before the listing, so a document committed
            // meanwhile is listed, logged, or both (held once).
            if (store is ISharedIndexStore shared)
            {
                committedPosition = (await shared.CommittedSinceAsync(null, cancellationToken).ConfigureAwait(false)).Position;
            }

            int dimension = Options.Semantic.CandidateEncoder!.Dimension;
            var saved = await ReadVectorSnapshotAsync(dimension, cancellationToken).ConfigureAwait(false);
            var finder = saved?.Graph ?? new HnswGraph(dimension);
            int linked = 0;
            for (long after = saved?.Last ?? 0; ;)
            {
                var page = await store.ListDocumentsAsync(after, 1024, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var d in (await store.ReadDocumentsAsync(page, withText: false, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Number))
                {
                    if (d.Vector is { } v && v.Length == finder.Dimension)
                    {
                        finder.Add(v);
                        vectorNumbers.Add(d.Number);
                        CountEntities(d.Entities);
                        linked++;
                    }
                }

                after = page[^1];
            }

            VectorsLinkedAtOpen = linked;
            if (store is ISharedIndexStore)
            {
                vectorsHeld = [.. vectorNumbers];
            }

            Volatile.Write(ref vectors, finder);
        }
        finally
        {
            vectorsLoad.Release();
        }
    }

    /// <summary>Adds the vectors of committed documents to the in-memory search.</summary>
    private void AddVectors(IEnumerable<IndexedDocument> documents)
    {
        if (vectors is null)
        {
            return;
        }

        lock (vectorsGate)
        {
            foreach (var d in documents)
            {
                if (d.Vector is { } v && v.Length == vectors.Dimension && (vectorsHeld is null || vectorsHeld.Add(d.Number)))
                {
                    vectors.Add(v);
                    vectorNumbers.Add(d.Number);
                    CountEntities(d.Entities);
                }
            }
        }
    }

    /// <summary>
    /// On a shared store, adds the vectors of the documents other workers committed since the last look: each
    /// worker searches vectors in memory, so without this it would not find by meaning what others added after it
    /// opened. Reads the commit log; when the log was trimmed past the last look, lists the whole index (those held
    /// are skipped).
    /// </summary>
    private async Task CatchUpVectorsAsync(CancellationToken cancellationToken)
    {
        if (store is not ISharedIndexStore shared || Volatile.Read(ref vectors) is null)
        {
            return;
        }

        await vectorsLoad.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (position, committed) = await shared.CommittedSinceAsync(committedPosition, cancellationToken).ConfigureAwait(false);
            var numbers = committed?.ToList() ?? [];
            for (long after = 0; committed is null;)
            {
                var page = await store.ListDocumentsAsync(after, 4096, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                numbers.AddRange(page);
                after = page[^1];
            }

            List<long> missing;
            lock (vectorsGate)
            {
                missing = numbers.Where(n => !vectorsHeld!.Contains(n)).Distinct().ToList();
            }

            foreach (var chunk in missing.Chunk(1024))
            {
                AddVectors(await store.ReadDocumentsAsync(chunk, withText: false, cancellationToken).ConfigureAwait(false));
            }

            committedPosition = position;
        }
        finally
        {
            vectorsLoad.Release();
        }
    }

    /// <summary>
    /// Adds to <paramref name="lexical"/> the meaning-level relations of a new document with its nearest indexed
    /// documents (and the batch's numbered below <paramref name="before"/>), as the scan's semantic stage does for a pair: pairs the lexical
    /// stages call a copy are left as they are; a pair with no lexical relation must share
    /// <see cref="SemanticScanOptions.MinSharedEntities"/> names or figures; the screen, then the verify encoder decide.
    /// A paraphrase or same-story relation replaces a lexical partial one.
    /// </summary>
    private async Task<List<(IndexedDocument Other, DocumentRelation Relation)>> MatchMeaningAsync(Prepared doc,
        List<(IndexedDocument Other, DocumentRelation Relation)> lexical, BatchReads reads, PendingDocuments? pending, long before, CancellationToken cancellationToken)
    {
        var semantic = Options.Semantic;
        if (doc.Vector is not { } vector || vectors is null)
        {
            return lexical;
        }

        var nearest = new List<(long Number, float Cosine)>();
        Func<ulong, bool> distinctive;
        lock (vectorsGate)
        {
            foreach (var (row, cosine) in vectors.Query(vector, semantic.Neighbours, semantic.MinDocumentCosine))
            {
                nearest.Add((vectorNumbers[row], cosine));
            }

            // The scan's EntityFilter over the index and the new document: a key held by more than
            // max(MinEntityDocuments, MaxEntityShare of the documents) is not distinctive (a title, a country).
            int maxDocuments = Math.Max(semantic.MinEntityDocuments, (int)((vectorNumbers.Count + 1) * semantic.MaxEntityShare));
            var frequent = new HashSet<ulong>();
            foreach (ulong k in doc.Entities ?? [])
            {
                if (entityDocuments.GetValueOrDefault(k) + 1 > maxDocuments)
                {
                    frequent.Add(k);
                }
            }

            distinctive = k => !frequent.Contains(k);
        }

        foreach (var p in pending?.Documents ?? [])
        {
            if (p.Number < before && p.Vector is { } v && SemanticVector.Dot(vector, v) is var cosine && cosine >= semantic.MinDocumentCosine)
            {
                nearest.Add((p.Number, cosine));
            }
        }

        nearest.Sort(static (x, y) => x.Cosine != y.Cosine ? y.Cosine.CompareTo(x.Cosine) : x.Number.CompareTo(y.Number));
        var byNumber = lexical.Select((m, i) => (m.Other.Number, i)).ToDictionary(x => x.Number, x => x.i);
        var candidates = new List<(long Number, float Cosine)>();
        foreach (var (n, cosine) in nearest.Take(semantic.Neighbours))
        {
            if (!byNumber.TryGetValue(n, out int i) || !ScanPipeline.IsLexicalCopy(lexical[i].Relation.Kind))
            {
                candidates.Add((n, cosine));
            }
        }

        if (candidates.Count == 0)
        {
            return lexical;
        }

        var others = await reads.DocumentsAsync(candidates.Where(c => pending?.Document(c.Number) is null).Select(c => c.Number), withText: true, cancellationToken).ConfigureAwait(false);
        foreach (var (n, _) in candidates)
        {
            if (pending?.Document(n) is { } p)
            {
                others[n] = p;
            }
        }

        var verifyEncoder = semantic.VerifyEncoder ?? semantic.CandidateEncoder!;
        var screen = ReferenceEquals(verifyEncoder, semantic.CandidateEncoder) ? null : new SemanticScreen(semantic.Relate, semantic.ScreenCuts);
        var relater = semantic.CreateRelater();
        var self = Read(doc.Document.Text);
        SemanticDocument? selfScreened = null, selfVerified = null; // the new document encoded once, when a candidate needs it
        var merged = new List<(IndexedDocument Other, DocumentRelation Relation)>(lexical);
        foreach (var (n, cosine) in candidates)
        {
            if (!others.TryGetValue(n, out var other) || other.Text is null)
            {
                continue; // removed since
            }

            var them = Read(other.Text);
            bool lexicallyRelated = byNumber.ContainsKey(n);
            if (!lexicallyRelated && EntityKeys.Shared(them.Entities, doc.Entities ?? [], distinctive) < semantic.MinSharedEntities)
            {
                continue; // alike in style and topic, but no names or figures in common: not one event
            }

            if (screen is not null && !screen.Passes(
                SemanticDocument.Create(them.Input.Text, semantic.CandidateEncoder!, them.Input.Segmentation, CandidateSentences),
                selfScreened ??= SemanticDocument.Create(self.Input.Text, semantic.CandidateEncoder!, self.Input.Segmentation, CandidateSentences)))
            {
                continue;
            }

            var result = relater.Relate(
                SemanticDocument.Create(them.Input.Text, verifyEncoder, them.Input.Segmentation, VerifySentences),
                selfVerified ??= SemanticDocument.Create(self.Input.Text, verifyEncoder, self.Input.Segmentation, VerifySentences),
                other.Published, doc.Document.Published);
            if (result.Kind is SemanticRelationKind.None)
            {
                continue;
            }

            var relation = DocumentRelation.From(SemanticRelations.ToRelation(0, 1, result, them.Tokens, self.Tokens, cosine), other.Id, doc.Document.Id);
            if (byNumber.TryGetValue(n, out int known))
            {
                merged[known] = (other, relation);
            }
            else
            {
                merged.Add((other, relation));
            }
        }

        merged.Sort(static (x, y) => x.Other.Number.CompareTo(y.Other.Number));
        return merged;

        (SemanticInput Input, Token[] Tokens, ulong[] Entities) Read(string text)
        {
            var input = SemanticInput.Of(text, semantic.MaxSentences);
            var tokens = Tokenizer.Tokenize(input.Text);
            return (input, tokens, EntityKeys.Extract(input.Text, tokens, input.Segmentation));
        }
    }

    /// <summary>
    /// The story a document bound to no story by a copy joins: that of its most confident same-story relation (a
    /// summary joins the story it summarizes). Such a relation never merges two stories, as in the scan, where it is
    /// evidence and not a bond.
    /// </summary>
    private static long? SameStoryOf(List<(IndexedDocument Other, DocumentRelation Relation)> matches)
    {
        (IndexedDocument Other, DocumentRelation Relation)? best = null;
        foreach (var m in matches)
        {
            if (m.Relation.Kind == RelationKind.SameStory && (best is null || m.Relation.Confidence > best.Value.Relation.Confidence))
            {
                best = m;
            }
        }

        return best?.Other.Story;
    }
}
