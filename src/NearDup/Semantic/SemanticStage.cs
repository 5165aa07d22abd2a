using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using NearDup.Pipeline;
using NearDup.Relate;
using NearDup.Text;
using UnalignedCandidates = NearDup.Pipeline.ScanPipeline.UnalignedCandidates;

namespace NearDup.Semantic;

/// <summary>
/// The meaning-level stage of one scan: paraphrases and same-story pairs that share too few words for the lexical
/// stages. The orchestrator calls it twice: <see cref="AddSemanticRelations"/> before grouping, and
/// <see cref="AddSameStoryRelations"/> after.
/// </summary>
internal sealed class SemanticStage(ScanOptions options)
{
    /// <summary>What the meaning-level stage keeps from its first pass (restatements) for its second (same story).</summary>
    internal sealed class SemanticPass(DocumentVectors vectors, EntityFilter entities, SentenceVectorCache screenSentences, SentenceVectorCache verifySentences,
        NearestNeighbours wordNeighbours) : IDisposable
    {
        /// <summary>The document vectors: in memory, or spilled once the first pass has searched them.</summary>
        public DocumentVectors Vectors { get; } = vectors;

        public EntityFilter Entities { get; } = entities;

        /// <summary>Each document's nearest by tf-idf (<see cref="SemanticScanOptions.ScreenStoryWordNeighbours"/> of them): the screen's word evidence.</summary>
        public NearestNeighbours WordNeighbours { get; } = wordNeighbours;

        /// <summary>The cheap encoder's sentence vectors, from the document vectors for the first screen; null after it.</summary>
        public SentenceVectorCache? ScreenSentences { get; private set; } = screenSentences;

        public SentenceVectorCache VerifySentences { get; } = verifySentences;

        public SemanticCounts Counts { get; set; }

        /// <summary>
        /// Lets the cheap encoder's sentence vectors go once the first screen has read them: nothing reads them until
        /// the second screen, which looks at a few documents (dense 20k: ~1,000 pairs against 65,000) and keeps a
        /// cache of its own for its span, while these (dense 20k: ~24 MB) sat under verification, grouping and the
        /// second pass. The cheap encoder gives a sentence the same vector whichever call encodes it, so nothing
        /// the screen decides changes.
        /// </summary>
        public void ForgetScreenSentences()
        {
            if (!ReferenceEquals(ScreenSentences, VerifySentences))
            {
                ScreenSentences = null;
            }
        }

        /// <summary>Deletes the vectors' spill file, if any.</summary>
        public void Dispose() => Vectors.Dispose();
    }

    /// <summary>
    /// First pass, before grouping: vector neighbours among tf-idf neighbours that no copy relation explains are
    /// screened and verified with the verify encoder: for a rewrite or a clear same story
    /// (<see cref="SemanticScanOptions.EarlyStoryMinShare"/>) where they share no text, for a rewrite only where they do (their shared words already weigh in the grouping, and passage clusters report what
    /// they share). <see cref="AddSameStoryRelations"/> then explains story members still unrelated.
    /// </summary>
    /// <param name="termNeighbours">Each document's nearest by tf-idf (the grouper's sparse graph): above
    /// <see cref="ExactNeighbourSearchMax"/> documents, the pairs among which document vectors choose neighbours, so
    /// that the search grows with documents, not with their pairs.</param>
    /// <param name="keepVectors">Keep the document vectors in memory after this pass's search (the grouper weighs
    /// them); otherwise they wait for the second pass in a temporary file.</param>
    public List<Relation> AddSemanticRelations(List<Relation> lexical, List<DocumentInfo> documents, TextStore texts, ParallelOptions parallel,
        IReadOnlyList<(int A, int B, double Cosine)> termNeighbours, out SemanticPass pass, UnalignedCandidates? unaligned = null, bool keepVectors = true)
    {
        var semantic = options.Semantic;
        var candidateEncoder = semantic.CandidateEncoder!;
        var verifyEncoder = semantic.VerifyEncoder ?? candidateEncoder;

        // Document vectors from the cheap encoder, one document at a time: only the vectors stay in memory. A document
        // in a language the encoders do not cover keeps the zero vector (no neighbours) and no keys; a long one is
        // read to MaxSentences.
        var vectors = new float[documents.Count][];
        var entities = new ulong[documents.Count][];
        var notes = new string?[documents.Count];
        string model = verifyEncoder.Name;
        var watch = Stopwatch.StartNew();
        // One cache per encoder for the whole stage: the screen reads the sentences the document vectors encoded.
        var candidateSentences = new SentenceVectorCache(candidateEncoder.Dimension, CachedSentences);
        var verifySentences = ReferenceEquals(verifyEncoder, candidateEncoder) ? candidateSentences : new SentenceVectorCache(verifyEncoder.Dimension, CachedSentences);
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
                vectors[i] = SemanticDocument.VectorOf(input.Text, candidateEncoder, input.Segmentation, candidateSentences);
                using (var lease = Tokenizer.Lease(input.Text))
                {
                    entities[i] = EntityKeys.Extract(input.Text, lease.Tokens, input.Segmentation);
                }

                notes[i] = input.Capped ? input.CapNote(text.Length) : null;
            });
        }

        Report(ScanStage.SemanticVectors, documents.Count, documents.Count, watch);
        var vectorTime = watch.Elapsed;
        watch.Restart();
        AddNotes(documents, notes);

        var entityFilter = new EntityFilter(entities, semantic.MinSharedEntities, semantic.MaxEntityShare, semantic.MinEntityDocuments);
        pass = new SemanticPass(new DocumentVectors(vectors, candidateEncoder.Dimension), entityFilter, candidateSentences, verifySentences, WordNeighbours(termNeighbours, documents.Count, semantic.ScreenStoryWordNeighbours));
        List<SemanticCandidate> pairs;
        if (documents.Count <= ExactNeighbourSearchMax)
        {
            var finder = new SemanticCandidateFinder(candidateEncoder.Dimension, vectors.Length);
            foreach (var v in vectors)
            {
                finder.Add(v);
            }

            pairs = [.. finder.FindPairs(semantic.Neighbours, semantic.MinDocumentCosine, options.Parallelism)];
        }
        else
        {
            pairs = NearestByVector(termNeighbours, vectors, semantic.Neighbours, semantic.MinDocumentCosine);
        }

        if (!keepVectors)
        {
            // Only the second pass reads them again, a story's members at a time: they would sit live under the
            // screen, verification and grouping (dense 20k: 31 MB). One collection takes them and the vector
            // stage's garbage before the screen allocates on top.
            vectors = null!;
            pass.Vectors.Spill(options.SpillDirectory);
            StageMemory.Release();
        }

        var byPair = new Dictionary<(int, int), int>(lexical.Count);
        for (int i = 0; i < lexical.Count; i++)
        {
            byPair[(lexical[i].A, lexical[i].B)] = i;
        }

        // The cheap filters first: only the pairs left decide which documents MiniLM encodes. Pairs that share text
        // are looked at for a rewrite only: whether they are one story is the grouper's call (their shared words weigh
        // in), and the passage clusters report what they share.
        var verify = new List<SemanticCandidate>();
        var sharesText = new HashSet<(int, int)>();
        foreach (var pair in pairs)
        {
            (int a, int b) = pair.A < pair.B ? (pair.A, pair.B) : (pair.B, pair.A);
            if (!SameCoveredLanguage(documents[a], documents[b], semantic))
            {
                continue; // never a paraphrase or the same story across languages, nor in one the model cannot read
            }

            bool lexicallyRelated = byPair.TryGetValue((a, b), out int known);
            if (lexicallyRelated && ScanPipeline.IsLexicalCopy(lexical[known].Kind))
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
            if (lexicallyRelated)
            {
                sharesText.Add((a, b));
            }
        }

        var neighbourTime = watch.Elapsed;
        pass.Counts = new SemanticCounts(pairs.Count, verify.Count, 0, 0, vectorTime, neighbourTime);
        return VerifyAndMerge(lexical, byPair, verify, documents, texts, parallel, pass, sharingText: sharesText, options.Semantic.EarlyStoryMinShare, ScreenEncodedDocuments);
    }

    /// <summary>
    /// Second pass, after grouping: a story member that no relation and no shared passage joins to another member
    /// is verified against its nearest member by document vector, so that its place in the story is explained, as
    /// same_story where the verify encoder finds it. In <see cref="RelationsMode.All"/> every pair of members without
    /// a copy or rewrite relation is verified (nearest members only in a story above
    /// <see cref="MaxStoryForEveryPair"/>). Cost grows with the members that share no text, not with pairs of
    /// documents that merely look alike.
    /// </summary>
    public List<Relation> AddSameStoryRelations(List<Relation> relations, IReadOnlyList<Group.Story> stories, List<DocumentInfo> documents, TextStore texts,
        ParallelOptions parallel, SemanticPass pass, UnalignedCandidates? unaligned)
    {
        var semantic = options.Semantic;
        var watch = Stopwatch.StartNew();
        var byPair = new Dictionary<(int, int), int>(relations.Count);
        var related = new HashSet<int>();
        for (int i = 0; i < relations.Count; i++)
        {
            var r = relations[i];
            byPair[(r.A, r.B)] = i;
            related.Add(r.A);
            related.Add(r.B);
        }

        var seen = new HashSet<(int, int)>();
        var verify = new List<SemanticCandidate>();
        int proposed = 0;
        int dimension = pass.Vectors.Dimension;
        float[]? memberVectors = null; // the story's members' document vectors, a row each, read once per story

        // Members i and j of the story at hand.
        void Propose(IReadOnlyList<int> members, int i, int j)
        {
            if (members[j] < members[i])
            {
                (i, j) = (j, i);
            }

            (int a, int b) = (members[i], members[j]);
            if (!seen.Add((a, b)))
            {
                return;
            }

            proposed++;
            bool lexical = byPair.TryGetValue((a, b), out int known);
            if ((lexical && relations[known].Kind != RelationKind.Partial) || !SameCoveredLanguage(documents[a], documents[b], semantic)
                || (!lexical && !pass.Entities.Passes(a, b)))
            {
                return;
            }

            verify.Add(new SemanticCandidate(a, b, SemanticVector.Dot(MemberVector(i), MemberVector(j))));
        }

        ReadOnlySpan<float> MemberVector(int i) => memberVectors!.AsSpan(i * dimension, dimension);

        foreach (var story in stories)
        {
            var members = story.Members;
            if (members.Count < 2)
            {
                continue;
            }

            if (memberVectors is null || memberVectors.Length < members.Count * dimension)
            {
                if (memberVectors is not null)
                {
                    if (memberVectors is not null)
        {
            ArrayPool<float>.Shared.Return(memberVectors);
        }
                }

                memberVectors = ArrayPool<float>.Shared.Rent(members.Count * dimension);
            }

            for (int i = 0; i < members.Count; i++)
            {
                pass.Vectors.CopyTo(members[i], memberVectors.AsSpan(i * dimension, dimension));
            }

            if (options.Relations == RelationsMode.All && members.Count <= MaxStoryForEveryPair)
            {
                for (int i = 0; i < members.Count; i++)
                {
                    for (int j = i + 1; j < members.Count; j++)
                    {
                        Propose(members, i, j);
                    }
                }

                continue;
            }

            for (int mi = 0; mi < members.Count; mi++)
            {
                int m = members[mi];
                if (related.Contains(m) && options.Relations == RelationsMode.Tree)
                {
                    continue;
                }

                int nearest = -1;
                float best = float.MinValue;
                bool sharesText = false;
                for (int ni = 0; ni < members.Count; ni++)
                {
                    int n = members[ni];
                    if (n == m)
                    {
                        continue;
                    }

                    // Tree mode: a copy or partial-overlap candidate with another member is text reuse, which the
                    // tree and the passage clusters report.
                    if (unaligned?.IsCopy(Math.Min(m, n), Math.Max(m, n)) is not null)
                    {
                        sharesText = true;
                        break;
                    }

                    float cosine = SemanticVector.Dot(MemberVector(mi), MemberVector(ni));
                    if (cosine > best)
                    {
                        (best, nearest) = (cosine, ni);
                    }
                }

                if (!sharesText && nearest >= 0)
                {
                    Propose(members, mi, nearest);
                }
            }
        }

        if (memberVectors is not null)
        {
            ArrayPool<float>.Shared.Return(memberVectors);
        }

        var counts = pass.Counts;
        pass.Counts = counts with
        {
            Candidates = counts.Candidates + proposed,
            Filtered = counts.Filtered + verify.Count,
            Neighbours = counts.Neighbours + watch.Elapsed,
        };
        return VerifyAndMerge(relations, byPair, verify, documents, texts, parallel, pass, sharingText: [], storyMinShare: 0, SessionScreenDocuments);
    }

    /// <summary>After the last pass: frees the verify encoder's and the verifier's models if the options ask for it.</summary>
    public void UnloadModels()
    {
        if (options.Semantic.UnloadModelsWhenDone)
        {
            IUnloadableModel.UnloadAll(options.Semantic.VerifyEncoder, options.Semantic.ParaphraseVerifier);
        }
    }

    // Screens the candidates (when the verify encoder is not the cheap one; pairs in sharingText for a rewrite
    // only), verifies those left, and merges what is found: a meaning-level relation replaces the partial one of its pair.
    private List<Relation> VerifyAndMerge(List<Relation> relations, Dictionary<(int, int), int> byPair, List<SemanticCandidate> verify, List<DocumentInfo> documents,
        TextStore texts, ParallelOptions parallel, SemanticPass pass, HashSet<(int, int)> sharingText, double storyMinShare, int screenDocuments)
    {
        var semantic = options.Semantic;
        var candidateEncoder = semantic.CandidateEncoder!;
        var verifyEncoder = semantic.VerifyEncoder ?? candidateEncoder;
        var watch = Stopwatch.StartNew();
        if (!ReferenceEquals(verifyEncoder, candidateEncoder) && verify.Count > 0)
        {
            verify = Screen(verify, texts, candidateEncoder, parallel, watch, pass, sharingText, storyMinShare, screenDocuments);
        }

        var screenTime = watch.Elapsed;
        if (verify.Count > 0)
        {
            StageMemory.Release(); // before the verify encoder loads its native session: the screen's garbage goes first
        }

        var relater = semantic.CreateRelater();
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
        }, done => Report(ScanStage.SemanticVerification, done, verify.Count, watch), sentences => sentencesEncoded += sentences,
            sentenceCache: pass.VerifySentences);

        var counts = pass.Counts;
        pass.Counts = counts with
        {
            Verified = counts.Verified + verify.Count,
            SentencesEncoded = counts.SentencesEncoded + sentencesEncoded,
            Screen = counts.Screen + screenTime,
            Verification = counts.Verification + watch.Elapsed,
        };

        var merged = new List<Relation>(relations);
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

    // Documents up to which vector neighbours are searched among all pairs (exact, O(n²), under a second here): in a
    // small corpus idf is too coarse for the tf-idf graph (two documents: every shared word weighs zero).
    private const int ExactNeighbourSearchMax = 4096;

    // The pairs in which either document is among the other's k nearest by document vector, cosine at least
    // minCosine, among its tf-idf neighbours: each pair once (A < B).
    private static List<SemanticCandidate> NearestByVector(IReadOnlyList<(int A, int B, double Cosine)> termNeighbours, float[][] vectors, int k, float minCosine)
    {
        var nearest = new NearestNeighbours(vectors.Length, k);
        foreach (var (a, b, _) in termNeighbours)
        {
            float cosine = SemanticVector.Dot(vectors[a], vectors[b]);
            if (cosine >= minCosine)
            {
                nearest.Offer(a, b, cosine);
                nearest.Offer(b, a, cosine);
            }
        }

        var seen = new HashSet<(int, int)>();
        var pairs = new List<SemanticCandidate>();
        for (int d = 0; d < vectors.Length; d++)
        {
            foreach (var (cosine, other) in nearest.Of(d))
            {
                var key = d < other ? (d, other) : (other, d);
                if (seen.Add(key))
                {
                    pairs.Add(new SemanticCandidate(key.Item1, key.Item2, cosine));
                }
            }
        }

        return pairs;
    }

    // Each document's k nearest by the grouper's tf-idf cosine.
    private static NearestNeighbours WordNeighbours(IReadOnlyList<(int A, int B, double Cosine)> termNeighbours, int documents, int k)
    {
        var nearest = new NearestNeighbours(documents, k);
        foreach (var (a, b, cosine) in termNeighbours)
        {
            nearest.Offer(a, b, (float)cosine);
            nearest.Offer(b, a, (float)cosine);
        }

        return nearest;
    }

    // Story size up to which --relations all verifies every unexplained pair of members (above it, nearest members).
    private const int MaxStoryForEveryPair = 64;

    // The screen: each pair's documents encoded with the candidate encoder (cheap), shared sentences set aside; only
    // the pairs it cannot rule out go on to the verify encoder.
    // A pair that shares no text is checked for the same story only with word evidence too (SemanticScreen.PassesStoryWords).
    private List<SemanticCandidate> Screen(List<SemanticCandidate> pairs, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel, Stopwatch watch,
        SemanticPass pass, HashSet<(int, int)> sharingText, double storyMinShare, int windowDocuments)
    {
        var semantic = options.Semantic;
        var screen = new SemanticScreen(semantic.Relate, semantic.ScreenCuts);
        var passes = new bool[pairs.Count];
        Report(ScanStage.SemanticScreen, 0, pairs.Count, watch);
        VerifyPairs(pairs, texts, encoder, parallel, semantic.MaxSentences, (k, da, db) =>
        {
            var measures = screen.Measure(da.Document, db.Document);
            var (a, b) = (pairs[k].A, pairs[k].B);
            bool sharesText = sharingText.Contains((a, b));
            passes[k] = screen.PassesRestatement(measures, beyondShared: sharesText)
                || (!sharesText && screen.PassesStory(measures, storyMinShare, sharingNothing: storyMinShare == 0)
                    && screen.PassesStoryWords(pass.WordNeighbours.Mutual(a, b), pass.Entities.Keys(a), pass.Entities.Keys(b), pass.Entities.Documents));
        }, done => Report(ScanStage.SemanticScreen, done, pairs.Count, watch), windowDocuments: windowDocuments, maxEncodedDocuments: windowDocuments,
            sentenceCache: pass.ScreenSentences, screenOnly: true);
        pass.ForgetScreenSentences();

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

    // Documents the screen keeps encoded at once: its sentence vectors come from the sentence cache (or the static
    // table, a lookup), so a document dropped and needed again costs its segmentation and a copy. One window: holding
    // 8,192 (~45 KB of vectors each) was the default scan's peak on a reuse-dense corpus (dense 20k: ~370 MB), and
    // two windows still were (dense 20k: ~530 MB working set at the end of the first screen against ~430-460 MB).
    private const int ScreenEncodedDocuments = WindowDocuments;

    // The same for the second pass's screen, which runs beside the sessions the first verification loaded: its
    // window's vector buffers (~30 KB a document, fresh in each screen) were the scan's peak (dense 20k: ~50 MB over
    // the sessions' ~370 MB). It screens ~1,000 pairs, so preparing a document again costs little.
    private const int SessionScreenDocuments = 256;

    // Most documents one window of pairs touches: their encoding is one parallel round, their pairs the next.
    private const int WindowDocuments = 1024;

    // Distinct sentence vectors kept across windows (~1.5 KB each for MiniLM): more than a window's documents hold.
    private const int CachedSentences = 1 << 16;

    internal readonly record struct PreparedDocument(SemanticDocument Document, Token[] Tokens);

    /// <summary>
    /// Calls <paramref name="relate"/> for every pair with both documents encoded. Pairs are taken in document order,
    /// window by window: a window's documents not yet encoded are encoded together (many per encoder call, spread
    /// over the workers), then its pairs are related in parallel; a document is dropped once its last pair is done,
    /// or, over <see cref="MaxEncodedDocuments"/>, when it is needed latest. Sorts <paramref name="pairs"/> in place
    /// (<paramref name="relate"/> gets the index into the sorted list). Returns the documents encoded;
    /// <paramref name="sentencesEncoded"/> hears, window by window, the sentences the encoder ran on (each distinct
    /// sentence once while <paramref name="sentenceCache"/> holds it).
    /// With <paramref name="screenOnly"/> the documents carry no word sets and no tokens (what the screen does not read),
    /// and a document's vector buffer is reused once it leaves the cache: <paramref name="relate"/> must not keep it.
    /// </summary>
    internal static int VerifyPairs(List<SemanticCandidate> pairs, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel,
        int maxSentences, Action<int, PreparedDocument, PreparedDocument> relate, Action<int>? windowDone = null, Action<long>? sentencesEncoded = null,
        int windowDocuments = WindowDocuments, int maxEncodedDocuments = MaxEncodedDocuments, SentenceVectorCache? sentenceCache = null, bool screenOnly = false)
    {
        sentenceCache ??= new SentenceVectorCache(encoder.Dimension, CachedSentences);
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
        var buffers = screenOnly ? new VectorBuffers() : null;
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
                    Drop(idle[i]);
                }
            }

            missing.Sort();
            var encodedNow = Encode(missing, texts, encoder, parallel, maxSentences, sentenceCache, buffers, out int sentences);
            foreach (var (d, prepared) in encodedNow)
            {
                cache.Add(d, prepared);
            }

            sentencesEncoded?.Invoke(sentences);

            encoded += missing.Count;
            Parallel.For(start, end, parallel, k => relate(k, cache[pairs[k].A], cache[pairs[k].B]));
            windowDone?.Invoke(end);
            foreach (int d in window)
            {
                if (lastUse[d] < end)
                {
                    Drop(d);
                }
            }
        }

        return encoded;

        // Only here, between the parallel rounds, is no document being read.
        void Drop(int d)
        {
            if (cache.Remove(d, out var prepared))
            {
                if (prepared.Document.Vectors.Length > 0)
                {
                    buffers?.Return(prepared.Document.Vectors);
                }
            }
        }
    }

    /// <summary>
    /// Sentence-vector buffers of screen documents, reused as documents leave the cache. The screen prepares a
    /// document again each time a later window needs it (dense 20k: 57,796 preparations of 17,000 documents), and
    /// buffers fresh each time lived just long enough to be promoted: most of its time went to garbage collection.
    /// Only the sentences the cache does not hold need one (a full cache, on large corpora).
    /// </summary>
    private sealed class VectorBuffers
    {
        private readonly Dictionary<int, Stack<float[]>> free = [];

        public float[] Rent(int length)
        {
            lock (free)
            {
                if (free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
                {
                    return buffer;
                }
            }

            return new float[length];
        }

        public void Return(float[] buffer)
        {
            lock (free)
            {
                if (!free.TryGetValue(buffer.Length, out var stack))
                {
                    free[buffer.Length] = stack = new Stack<float[]>();
                }

                stack.Push(buffer);
            }
        }
    }

    // Segments the documents (their first maxSentences sentences), then encodes the sentences the cache does not
    // hold, each distinct sentence once, many per encoder call, calls in parallel.
    private static (int, PreparedDocument)[] Encode(List<int> ordinals, TextStore texts, ISentenceEncoder encoder, ParallelOptions parallel, int maxSentences,
        SentenceVectorCache cache, VectorBuffers? screenBuffers, out int sentencesEncoded)
    {
        var documents = new (string Text, TextSpan[] Sentences, ulong[] Keys)[ordinals.Count];
        Parallel.For(0, ordinals.Count, parallel, i =>
        {
            var input = SemanticInput.Of(texts.Get(ordinals[i]), maxSentences);
            var spans = input.Segmentation.Sentences;
            var keys = SentenceVectorCache.Keys(input.Text, spans);
            // The screen reads no text: a window's texts kept through its encoding were promoted by every collection
            // that fell in it. Only a document with a sentence to encode keeps its text.
            documents[i] = (screenBuffers is not null && cache.HoldsAll(keys) ? string.Empty : input.Text, spans, keys);
        });

        var encoded = cache.EncodeMissing(encoder, documents, parallel);
        int dim = encoder.Dimension;
        var prepared = new (int, PreparedDocument)[ordinals.Count];
        Parallel.For(0, ordinals.Count, parallel, i =>
        {
            var (text, spans, keys) = documents[i];
            if (screenBuffers is not null)
            {
                prepared[i] = (ordinals[i], new PreparedDocument(ScreenDocument(spans, keys, cache, encoded, screenBuffers), []));
                return;
            }

            var own = new float[spans.Length * dim];
            for (int s = 0; s < spans.Length; s++)
            {
                cache.Vector(keys[s], encoded).CopyTo(own.AsSpan(s * dim, dim));
            }

            prepared[i] = (ordinals[i], new PreparedDocument(SemanticDocument.Create(text, spans, own, dim), Tokenizer.Tokenize(text)));
        });

        sentencesEncoded = encoded.Count;
        return prepared;
    }

    // A screen's document reads the vectors the cache holds in place; only the sentences it does not hold (a full
    // cache) are copied, into a buffer of their own.
    private static SemanticDocument ScreenDocument(TextSpan[] spans, ulong[] keys, SentenceVectorCache cache, SentenceVectorCache.Encoded encoded, VectorBuffers buffers)
    {
        int dim = cache.Dimension;
        var rows = new int[spans.Length];
        int own = 0;
        for (int s = 0; s < spans.Length; s++)
        {
            rows[s] = cache.TryGetRow(keys[s], out int row) ? row : ~own++;
        }

        var vectors = own == 0 ? [] : buffers.Rent(own * dim);
        for (int s = 0; s < spans.Length; s++)
        {
            if (rows[s] < 0)
            {
                cache.Vector(keys[s], encoded).CopyTo(vectors.AsSpan(~rows[s] * dim, dim));
            }
        }

        return SemanticDocument.ForScreen(spans, cache, rows, vectors, dim, keys);
    }

    private void Report(ScanStage stage, long done, long? total, Stopwatch since) => ScanProgress.Send(options.Progress, stage, done, total, since);
}
