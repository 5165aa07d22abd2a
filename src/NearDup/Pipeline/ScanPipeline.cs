using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using NearDup.Align;
using NearDup.Boilerplate;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Language;
using NearDup.Passages;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Semantic;
using NearDup.Text;
using NearDup.Threading;

namespace NearDup.Pipeline;

/// <summary>
/// The lexical scan, stage by stage: read → tokenize and fingerprint → find candidates → align and relate each
/// candidate pair → group into stories. Texts are spilled to disk as they are read, so memory grows with the
/// index (a signature and a few winnow fingerprints a document), not with the raw text.
/// </summary>
internal sealed partial class ScanPipeline
{
    private readonly ScanOptions options;
    private readonly Fingerprinter fingerprinter;
    private readonly Aligner aligner;
    private readonly Relater relater;
    private readonly StoryGrouper grouper;
    private readonly PassageClusterer? passageClusterer;

    public ScanPipeline(ScanOptions? options = null)
    {
        this.options = (options ?? new()).Validate();
        passageClusterer = this.options.Passages is { } passages && !this.options.CandidatesOnly ? new PassageClusterer(passages) : null;
        // Passage clusters need each winnow fingerprint's token position.
        fingerprinter = new Fingerprinter(passageClusterer is null ? this.options.Fingerprint : this.options.Fingerprint with { KeepWinnowPositions = true });
        aligner = new Aligner(this.options.Align);
        relater = new Relater(this.options.Relate);
        grouper = new StoryGrouper(this.options.Group);
    }

    // Pairs whose lexical relation already says all: the semantic stage leaves them as they are.
    internal static bool IsLexicalCopy(RelationKind kind) =>
        kind is RelationKind.Exact or RelationKind.NearExact or RelationKind.Contains or RelationKind.SharedSource;

    public ScanOptions Options => options;

    /// <summary>Scans the documents of <paramref name="reader"/>; problems it reports go to <paramref name="problems"/>.</summary>
    /// <param name="furnitureBeside">Return once stories and passages are final, with the furniture stage still running
    /// (<see cref="ScanResult.Completion"/>): a report writes the sections before furniture meanwhile, on cores the
    /// stage leaves idle. Otherwise the result is complete.</param>
    /// <param name="keepEvidence">Keep what the stories were grouped on (<see cref="ScanResult.Evidence"/>), to regroup
    /// them; otherwise the word vectors go once grouped, before the semantic stage's last pass and furniture.</param>
    public async Task<ScanResult> RunAsync(IDocumentReader reader, InputProblems problems, CancellationToken cancellationToken = default,
        bool furnitureBeside = false, bool keepEvidence = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(problems);
        var total = Stopwatch.StartNew();
        var texts = new TextStore(options.SpillDirectory);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? besideStages = null; // a stage running beside the others, which reads the texts
        try
        {
            CandidateFinder? finder = new CandidateFinder(options.Candidates, options.Fingerprint, keepWinnowPositions: passageClusterer is not null);
            // Boilerplate is evidence only where pairs are aligned: a candidates-only scan neither learns nor reports it.
            var boilerplate = options.Boilerplate is { } boilerplateOptions && !options.CandidatesOnly ? new BoilerplateStage(boilerplateOptions) : null;
            var documents = new List<DocumentInfo>();
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            long characters = 0, tokens = 0;

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
            var termCounts = new TermVectorBuilder(0, options.Group.NameBoost);

            // Reading (parsing, decoding) runs ahead of fingerprinting by a couple of batches, on its own task.
            var batches = Channel.CreateBounded<List<Document>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            var producer = Task.Run(async () =>
            {
                try
                {
                    var next = new List<Document>(options.BatchSize);
                    await foreach (var doc in reader.ReadAsync(stop.Token).ConfigureAwait(false))
                    {
                        next.Add(doc);
                        if (next.Count == options.BatchSize)
                        {
                            await batches.Writer.WriteAsync(next, stop.Token).ConfigureAwait(false);
                            next = new List<Document>(options.BatchSize);
                        }
                    }

                    if (next.Count > 0)
                    {
                        await batches.Writer.WriteAsync(next, stop.Token).ConfigureAwait(false);
                    }

                    batches.Writer.Complete();
                }
                catch (Exception e)
                {
                    batches.Writer.Complete(e);
                }
            }, stop.Token);

            // Batch k + 1 is fingerprinted (in parallel) while batch k is registered (in order, on this thread): the
            // serial part no longer leaves the other core idle.
            async Task RegisterAsync(FingerprintedBatch done)
            {
                for (int i = 0; i < done.Documents.Count; i++)
                {
                    var doc = done.Documents[i];
                    var fp = done.Prints[i];
                    string id = UniqueId(doc, ids, problems);
                    int ordinal = done.First + i;
                    int found = finder.Add(fp);
                    Debug.Assert(found == ordinal, "the store and the finder number documents alike");
                    documents.Add(new DocumentInfo(ordinal, id, doc.Origin, doc.Url, doc.Source, doc.Published, doc.Text.Length, fp.TokenCount, fp.ContentHash)
                    {
                        Language = done.Languages[i],
                        Notes = doc.Notes,
                    });
                    characters += doc.Text.Length;
                    tokens += fp.TokenCount;
                    done.Prints[i] = null!;
                }

                if (done.First == 0 && reader is ISizedReader { InputBytes: > 0 } sized)
                {
                    finder.Reserve((double)characters / sized.InputBytes); // sized once from the first batch, not by doubling
                }

                if (boilerplate is not null)
                {
                    // Learning is serial: it runs beside the next batch's fingerprinting instead of holding both cores up.
                    await boilerplate.LearnAsync(done.Documents, done.Lines!, cancellationToken).ConfigureAwait(false);
                }

                Report(ScanStage.Reading, documents.Count, null, total);
            }

            FingerprintedBatch? previous = null;
            int stored = 0;
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var current = new FingerprintedBatch(batch, stored, new DocumentFingerprint[batch.Count],
                    new string[batch.Count], boilerplate is null ? null : new LineHash[batch.Count][]);
                stored += batch.Count;
                // The batch is spilled beside its fingerprinting, not before it: on this thread the write held up both
                // cores. Batches are spilled one after another (awaited below), so ordinals follow the input.
                var spilling = Task.Run(() =>
                {
                    int first = texts.AddRange(batch.ConvertAll(d => d.Text));
                    Debug.Assert(first == current.First, "the store numbers the batch as the scan does");
                }, cancellationToken);
                var fingerprinting = Task.Run(() => Parallel.For(0, batch.Count, parallel, i =>
                {
                    current.Prints[i] = FingerprintAndCount(current.First + i, batch[i].Text, termCounts, current.Lines, i);
                    current.Languages[i] = LanguageDetector.Detect(batch[i].Text);
                }), cancellationToken);
                try
                {
                    if (previous is not null)
                    {
                        await RegisterAsync(previous).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await Task.WhenAll(fingerprinting, spilling).ConfigureAwait(false);
                }

                previous = current;
            }

            if (previous is not null)
            {
                await RegisterAsync(previous).ConfigureAwait(false);
            }

            await producer.ConfigureAwait(false);
            if (boilerplate is not null)
            {
                await boilerplate.CompleteLearningAsync(documents).ConfigureAwait(false);
            }

            var fingerprintTime = total.Elapsed;

            var watch = Stopwatch.StartNew();
            Report(ScanStage.Candidates, 0, documents.Count, watch);
            // Tree mode aligns copy candidates only: partial overlaps are bounded to each document's best few, which
            // only the semantic stage reads (without it none are kept, and most pairs are turned away unread).
            IReadOnlyList<CandidatePair> partial = [];
            finder.Winnow.KeepPairingRuns(); // all that pairs and passages read: neither scans the rest, nor holds it
            // Reading's garbage (texts, tokens) and the index's arrays before it kept the pairing runs, in one
            // collection, before the candidate stage's counting arrays.
            StageMemory.Release();
            var pairs = options.Relations == RelationsMode.Tree && !options.CandidatesOnly
                ? finder.FindPairs(options.CopyEstimate, options.Semantic.Enabled ? PartialPartnersPerDocument : 0, out partial)
                : finder.FindPairs();
            // The candidate stage's garbage (its runs, partners and verdicts: ~180 MB on a live heap of ~120 MB on dense
            // 20k), before the grouper's word evidence and verification allocate on top of it: they made the peak.
            StageMemory.Release();

            var candidateTime = watch.Elapsed;
            Report(ScanStage.Candidates, documents.Count, documents.Count, watch);

            // The grouper's word evidence needs only the word counts: weighed and searched beside verification and
            // passages, whose serial stretches leave a core idle. Not beside candidates: its term vectors on top of the
            // candidate stage's arrays lifted dense 20k's peak (--semantic off, quiet: 373-517 MB against 360-383,
            // the same wall). Its neighbour graph is also where the semantic stage looks for rewrites, so that neither
            // searches all pairs.
            var evidenceCounts = termCounts;
            termCounts = null!; // the counts are weighed into the evidence: nothing else holds them
            var evidenceBeside = Task.Run(() =>
            {
                var words = StoryEvidenceFor(documents, evidenceCounts, null);
                evidenceCounts = null!;
                var neighbours = words.Terms!.FindPairs(grouper.Options.Neighbours, grouper.Options.MinSimilarity, maxDegreeOfParallelism: options.Parallelism);
                if (!keepEvidence)
                {
                    // Grouping reads only the few rows the search did not score: the rest (dense 20k: ~52 MB) would
                    // sit live under the semantic stage's models and grouping, the default scan's peak.
                    words.Terms.Spill(options.SpillDirectory);
                }

                return words with { TermNeighbours = neighbours };
            }, cancellationToken); // reads no text: a failing scan need not wait for it

            watch.Restart();
            Report(ScanStage.Verification, 0, pairs.Count, watch);
            List<Relation> relations;
            int alignments = 0;
            UnalignedCandidates? unaligned = null;
            if (options.CandidatesOnly)
            {
                relations = CandidateRelations(pairs, documents);
            }
            else if (options.Relations == RelationsMode.Tree)
            {
                relations = VerifyTree(pairs, documents, texts, boilerplate, parallel, out var aligned, out alignments);
                unaligned = new UnalignedCandidates(pairs, aligned, partial);
            }
            else
            {
                relations = Verify(pairs, documents, texts, boilerplate, parallel);
                alignments = pairs.Count;
            }

            var verifyTime = watch.Elapsed;
            Report(ScanStage.Verification, pairs.Count, pairs.Count, watch);

            // Passages need nothing the later stages make. With no semantic stage they run beside grouping's merge,
            // which is serial, and end before furniture: beside it, its reads piled onto the passages' arrays (dense 20k
            // peak 391 → 463 MB).
            var passageIndex = finder.Winnow;
            var passageTokens = documents.Select(d => d.Tokens).ToArray();
            var passageFamilies = passageClusterer is null ? null : CopyFamilies(documents.Count, relations);
            (IReadOnlyList<PassageCluster> Clusters, TimeSpan Time) FindPassages()
            {
                var passageWatch = Stopwatch.StartNew();
                var index = passageIndex!;
                passageIndex = null; // the clusterer lets the index (postings, positions) go once it has read it
                var found = passageClusterer?.Find(index, passageTokens, fingerprinter.Options, texts.Read, passageFamilies, parallel) ?? [];
                StageMemory.Release();
                return (found, passageWatch.Elapsed);
            }

            finder = null;
            Task<(IReadOnlyList<PassageCluster> Clusters, TimeSpan Time)>? passagesBeside = null;
            IReadOnlyList<PassageCluster> passageClusters = [];
            var passageTime = TimeSpan.Zero;
            if (passageClusterer is not null && !options.Semantic.Enabled)
            {
                passagesBeside = Task.Run(FindPassages, cancellationToken);
                besideStages = passagesBeside;
            }
            else
            {
                (passageClusters, passageTime) = FindPassages(); // before the group stage, which allocates beside what is kept
            }

            watch.Restart();
            Report(ScanStage.Grouping, 0, relations.Count, watch);
            var evidence = await evidenceBeside.ConfigureAwait(false); // group's time is the wait for it, not its own
            var termNeighbours = evidence.TermNeighbours!;
            var evidenceTime = watch.Elapsed;

            watch.Restart();
            SemanticStage.SemanticPass? semanticPass = null;
            var semanticStage = options.Semantic.Enabled && !options.CandidatesOnly ? new SemanticStage(options) : null;
            if (semanticStage is not null)
            {
                // The document vectors wait for the second pass in a file unless grouping weighs them.
                bool keepVectors = keepEvidence || grouper.Options.VectorWeight > 0;
                relations = semanticStage.AddSemanticRelations(relations, documents, texts, parallel, termNeighbours, out semanticPass, unaligned, keepVectors);
                evidence = evidence with { Vectors = semanticPass.Vectors.InMemory };
            }

            var semanticTime = watch.Elapsed;

            watch.Restart();
            var tokenCounts = new int[documents.Count];
            for (int i = 0; i < tokenCounts.Length; i++)
            {
                tokenCounts[i] = documents[i].Tokens;
            }

            var published = new DateTimeOffset?[documents.Count];
            for (int i = 0; i < published.Length; i++)
            {
                published[i] = documents[i].Published;
            }

            if (semanticStage is not null)
            {
                // The first verification's garbage, before grouping allocates its graph and queue beside the sessions:
                // no collection runs inside it, so all it allocates comes on top (dense 20k: the default scan's peak).
                StageMemory.Release();
            }

            var stories = grouper.Group(documents.Count, relations, tokenCounts, published, evidence);
            var groupTime = evidenceTime + watch.Elapsed;
            Report(ScanStage.Grouping, relations.Count, relations.Count, watch);
            if (!keepEvidence)
            {
                // Nothing after grouping reads the word vectors and their neighbour pairs (dense 20k: ~55 MB live), and
                // this method's locals live to its end: they went on under the semantic stage's second pass,
                // furniture and the report.
                evidence.Terms?.Dispose(); // the spill file
                evidence = StoryEvidence.None;
                evidenceBeside = null!;
                termNeighbours = null!;
                if (passagesBeside is { IsCompleted: false })
                {
                    // They and grouping's garbage go before the passages' last stretch allocates on top (dense 20k
                    // lexical only: its peak came there, 330 MB against a live heap of ~130).
                    StageMemory.Release();
                }
            }

            if (semanticStage is not null && semanticPass is not null)
            {
                watch.Restart();
                StageMemory.Release(); // grouping's garbage, before the second screen allocates beside the sessions
                relations = semanticStage.AddSameStoryRelations(relations, stories, documents, texts, parallel, semanticPass, unaligned);
                semanticStage.UnloadModels(); // the last use of the models: furniture and the report run without them
                semanticPass.Dispose(); // the vectors' spill file
                stories = WithRelations(stories, relations);
                semanticTime += watch.Elapsed;
            }

            var semanticCounts = semanticPass?.Counts ?? default;

            if (passagesBeside is not null)
            {
                (passageClusters, passageTime) = await passagesBeside.ConfigureAwait(false);
            }

            // Furniture changes nothing the report writes before it: beside the report's first sections it fills the
            // cores each leaves idle (the report's copying out is serial).
            (IReadOnlyList<Furniture> Furniture, ScanStats Stats) FindFurniture()
            {
                var furnitureWatch = Stopwatch.StartNew();
                if (semanticStage is not null)
                {
                    StageMemory.Release(); // the semantic stage's garbage, before furniture reads the stories' texts
                }

                Report(ScanStage.Furniture, 0, stories.Count, furnitureWatch);
                var furniture = boilerplate?.Find(stories, relations, texts, parallel) ?? [];
                var furnitureTime = furnitureWatch.Elapsed;
                Report(ScanStage.Furniture, stories.Count, stories.Count, furnitureWatch);

                var stats = new ScanStats
                {
                    Documents = documents.Count,
                    Characters = characters,
                    Tokens = tokens,
                    Problems = problems.Skipped,
                    Notes = problems.Notes,
                    Candidates = pairs.Count,
                    SemanticCandidates = semanticCounts.Candidates,
                    SemanticScreened = semanticCounts.Filtered,
                    SemanticVerified = semanticCounts.Verified,
                    SemanticSentencesEncoded = semanticCounts.SentencesEncoded,
                    Relations = relations.Count,
                    Stories = stories.Count,
                    PassageClusters = passageClusters.Count,
                    Alignments = alignments,
                    RelationsMode = options.Relations,
                    Fingerprint = fingerprintTime,
                    FindCandidates = candidateTime,
                    Verify = verifyTime,
                    Semantic = semanticTime,
                    SemanticVectors = semanticCounts.Vectors,
                    SemanticNeighbours = semanticCounts.Neighbours,
                    SemanticScreen = semanticCounts.Screen,
                    SemanticVerification = semanticCounts.Verification,
                    Group = groupTime,
                    Furniture = furnitureTime,
                    Passages = passageTime,
                    Total = total.Elapsed,
                    PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64,
                };
                return (furniture, stats);
            }

            var tail = furnitureBeside ? Task.Run(FindFurniture, cancellationToken) : Task.FromResult(FindFurniture());
            return new ScanResult(texts, documents, relations, stories, tail, problems.Items, options.Relations, passageClusters) { Evidence = evidence };
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false); // a failed consumer must not leave the reader blocked
            if (besideStages is not null)
            {
                // Its own failure, if any, is not the one to report; it must only stop reading the texts first.
                await besideStages.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            texts.Dispose();
            throw;
        }
    }

    /// <summary>Aligns and relates one pair of texts: the verification step, usable alone.</summary>
    public Relation? Compare(string textA, string textB, int ordinalA = 0, int ordinalB = 1)
    {
        var a = Tokenizer.Tokenize(textA);
        var b = Tokenizer.Tokenize(textB);
        return Verify(ordinalA, textA, a, ordinalB, textB, b, ContentHash.Compute(a) == ContentHash.Compute(b), null);
    }

    private List<Relation> Verify(IReadOnlyList<CandidatePair> pairs, List<DocumentInfo> documents, TextStore texts, BoilerplateStage? boilerplate, ParallelOptions parallel)
    {
        var found = new ConcurrentBag<Relation>();
        var large = new LargeDocumentTokens();
        new WorkerStates<VerifyBuffers>(static () => new VerifyBuffers()).For(0, pairs.Count, parallel, (i, buffers) =>
        {
            var pair = pairs[i];
            string textA = texts.Get(pair.A), textB = texts.Get(pair.B);
            var tokensA = large.Get(pair.A, textA, ref buffers.A);
            var tokensB = large.Get(pair.B, textB, ref buffers.B);
            bool same = documents[pair.A].ContentHash == documents[pair.B].ContentHash;
            var relation = Verify(pair.A, textA, tokensA, pair.B, textB, tokensB, same, boilerplate);
            if (relation is not null)
            {
                found.Add(relation);
            }
        });
        var list = found.ToList();
        list.Sort(static (x, y) => x.A != y.A ? x.A.CompareTo(y.A) : x.B.CompareTo(y.B));
        return list;
    }

    private Relation? Verify(int ordinalA, ReadOnlySpan<char> textA, ReadOnlySpan<Token> a, int ordinalB, ReadOnlySpan<char> textB, ReadOnlySpan<Token> b, bool sameContent,
        BoilerplateStage? boilerplate)
    {
        var alignment = aligner.Align(a, b);
        if (!sameContent && boilerplate is not null)
        {
            alignment = boilerplate.RemoveFrom(alignment, ordinalA, textA, a, ordinalB, textB, b);
        }

        return relater.Relate(new RelateInput(ordinalA, ordinalB, alignment.TokenCountA, alignment.TokenCountB, sameContent, alignment));
    }

    // Without alignment, a candidate is reported as the MinHash tools report it: a pair and its estimate.
    private static List<Relation> CandidateRelations(IReadOnlyList<CandidatePair> pairs, List<DocumentInfo> documents)
    {
        var list = new List<Relation>(pairs.Count);
        foreach (var p in pairs)
        {
            bool same = documents[p.A].ContentHash == documents[p.B].ContentHash;
            var kind = same ? RelationKind.Exact : RelationKind.NearExact;
            list.Add(new Relation(p.A, p.B, kind, Direction.None, p.Estimate, p.Estimate, p.Estimate, Alignment.None,
                $"candidate only ({p.Source}), estimated similarity {p.Estimate:0.00}, not verified"));
        }

        return list;
    }

    private static string UniqueId(Document doc, Dictionary<string, int> ids, InputProblems problems)
    {
        ref int seen = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(ids, doc.Id, out bool exists);
        if (!exists)
        {
            seen = 1;
            return doc.Id;
        }

        seen++;
        string renamed = $"{doc.Id}#{seen}";
        problems.Report(new InputProblem(doc.Origin ?? doc.Id, null, null, $"duplicate document id '{doc.Id}': kept as '{renamed}'"));
        return renamed;
    }

    private sealed class VerifyBuffers
    {
        public Token[] A = new Token[1024];
        public Token[] B = new Token[1024];
    }

    // A batch of documents with what fingerprinting made of them, waiting to be registered in order.
    private sealed record FingerprintedBatch(List<Document> Documents, int First, DocumentFingerprint[] Prints, string[] Languages, LineHash[][]? Lines);
}
