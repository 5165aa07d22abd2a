using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Relate;
using NearDup.Text;

namespace NearDup.Index;

/// <summary>Matching one document against the index: candidates through the stored postings, then the scan's aligner and relater.</summary>
public sealed partial class NearDupIndex
{
    /// <summary>
    /// Matches each of <paramref name="documents"/> against the index without adding it: its relations with passages,
    /// and the story it would join (by its copy relations; else, with stories by words, the story whose members its
    /// words are nearest on average, past the cut, as an add would place it; else its most confident same_story
    /// relation's). Documents of one call are not matched with each other.
    /// </summary>
    public async Task<IReadOnlyList<IndexOutcome>> MatchAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await LoadWordsAsync(cancellationToken).ConfigureAwait(false); // after a restart: the stories its words would join
        var outcomes = new IndexOutcome[documents.Count];
        var prepared = new Prepared?[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            prepared[i] = Refusal(documents[i]) is null ? Prepare(documents[i], countWords: words is not null) : null;
        });
        var reads = new BatchReads(store);
        await PrefetchAsync(prepared, reads, cancellationToken).ConfigureAwait(false);
        await EnsureVectorsAsync(cancellationToken).ConfigureAwait(false);
        await CatchUpVectorsAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            if (Refusal(doc) is { } why)
            {
                outcomes[i] = new IndexOutcome(doc?.Id ?? "", IndexStatus.Rejected, null, [], why);
                continue;
            }

            var matches = await MatchOneAsync(prepared[i]!, reads, null, long.MaxValue, cancellationToken).ConfigureAwait(false);
            matches = await MatchMeaningAsync(prepared[i]!, matches, reads, null, long.MaxValue, cancellationToken).ConfigureAwait(false);
            long? story = null;
            foreach (var (other, relation) in matches)
            {
                if (Options.JoinKinds.Contains(relation.Kind))
                {
                    story = Math.Min(story ?? long.MaxValue, other.Story);
                }
            }

            // Bound to none: the story its words would join (as an add would place it, before the batch's merges),
            // else, until words are weighed, that of its most confident same_story relation.
            story ??= WordStoryOf(prepared[i]!, matches) ?? (words is { Weighing: true } ? null : SameStoryOf(matches));

            outcomes[i] = new IndexOutcome(doc.Id, IndexStatus.Matched, story, matches.Select(m => m.Relation).ToList());
        }

        return outcomes;
    }

    /// <summary>Why <paramref name="doc"/> cannot be indexed, or null.</summary>
    private string? Refusal(Document? doc)
    {
        if (doc is null)
        {
            return "the document is null";
        }

        if (string.IsNullOrWhiteSpace(doc.Id))
        {
            return "the document has no id";
        }

        if (doc.Text is null)
        {
            return $"document '{doc.Id}' has no text";
        }

        if (doc.Text.Length > Options.MaxDocumentChars)
        {
            return $"document '{doc.Id}' has {doc.Text.Length} characters, more than the limit of {Options.MaxDocumentChars}";
        }

        return null;
    }

    [ThreadStatic]
    private static Token[]? prepareTokens;

    // Tokenizes once: the fingerprint and, for an add with word stories, the word counts come from the same tokens.
    private Prepared Prepare(Document doc, bool countWords = false)
    {
        Token[] buffer = prepareTokens ??= new Token[1024];
        int count = Tokenizer.Tokenize(doc.Text.AsSpan(), ref buffer);
        prepareTokens = buffer.Length <= 1 << 20 ? buffer : null;
        var tokens = buffer.AsSpan(0, count);
        var fingerprint = fingerprinter.Compute(tokens);
        var terms = countWords && Options.Group is { } group ? TermVectorBuilder.CountTerms(doc.Text, tokens, group.NameBoost) : null;
        var bandKeys = new ulong[bands];
        if (bands > 0)
        {
            MinHashLsh.WriteBandKeys(fingerprint.Signature, rows, bandKeys);
        }

        var (vector, entities) = Meaning(doc.Text);
        return new Prepared(doc, fingerprint, bandKeys, vector, entities, terms);
    }

    /// <summary>The postings that file document <paramref name="number"/>; none for an empty text, which pairs with nothing.</summary>
    /// <remarks>A winnow fingerprint already <paramref name="common"/> is not filed again: a posting list stops at the
    /// cap, since past it the key proposes nothing (and a footer on every page would otherwise grow without bound).</remarks>
    private void PostingsOf(long number, ulong contentHash, ReadOnlySpan<ulong> bandKeys, ReadOnlySpan<ulong> winnow, bool empty, List<IndexPosting> into, HashSet<ulong>? common = null)
    {
        if (empty)
        {
            return;
        }

        var sources = Options.Candidates.Sources;
        if ((sources & CandidateSource.ExactHash) != 0)
        {
            into.Add(new IndexPosting(PostingKind.Content, contentHash, number));
        }

        if ((sources & CandidateSource.MinHash) != 0)
        {
            foreach (ulong key in bandKeys)
            {
                into.Add(new IndexPosting(PostingKind.Band, key, number));
            }
        }

        if ((sources & CandidateSource.Winnow) != 0)
        {
            foreach (ulong key in winnow)
            {
                if (common is null || !common.Contains(key))
                {
                    into.Add(new IndexPosting(PostingKind.Winnow, key, number));
                }
            }
        }
    }

    private ulong[] BandKeysOf(uint[] signature)
    {
        var keys = new ulong[bands];
        if (bands > 0)
        {
            MinHashLsh.WriteBandKeys(signature, rows, keys);
        }

        return keys;
    }

    /// <summary>Reads the stored posting lists under every key of <paramref name="documents"/> (null entries skipped), one store call per kind.</summary>
    private async Task PrefetchAsync(IReadOnlyList<Prepared?> documents, BatchReads reads, CancellationToken cancellationToken)
    {
        var sources = Options.Candidates.Sources;
        var live = documents.Where(d => d is not null && !d.Fingerprint.IsEmpty).Select(d => d!).ToList();
        if ((sources & CandidateSource.ExactHash) != 0)
        {
            await reads.ReadPostingsAsync(PostingKind.Content, live.Select(d => d.Fingerprint.ContentHash), int.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        if ((sources & CandidateSource.MinHash) != 0)
        {
            await reads.ReadPostingsAsync(PostingKind.Band, live.SelectMany(d => d.BandKeys), int.MaxValue, cancellationToken).ConfigureAwait(false);
        }

        if ((sources & CandidateSource.Winnow) != 0)
        {
            await reads.ReadPostingsAsync(PostingKind.Winnow, live.SelectMany(d => d.Fingerprint.Winnow), Options.Candidates.MaxPostings, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The relations of a new document with the indexed ones (and the batch's numbered below <paramref name="before"/>,
    /// when <paramref name="pending"/>), by document number; its posting lists are in <paramref name="reads"/>
    /// (<see cref="PrefetchAsync"/>). Thread-safe: an add matches its batch's documents in parallel.
    /// </summary>
    private async Task<List<(IndexedDocument Other, DocumentRelation Relation)>> MatchOneAsync(Prepared doc, BatchReads reads, PendingDocuments? pending, long before, CancellationToken cancellationToken)
    {
        var fp = doc.Fingerprint;
        if (fp.IsEmpty)
        {
            return [];
        }

        long clock = Stopwatch.GetTimestamp();

        var sources = Options.Candidates.Sources;
        var evidence = new Dictionary<long, Evidence>(256); // a news article is proposed ~230 (stock phrases)
        if ((sources & CandidateSource.ExactHash) != 0)
        {
            Collect(reads.Postings(PostingKind.Content, fp.ContentHash), pending?.Postings(PostingKind.Content, fp.ContentHash), before, CandidateSource.ExactHash, evidence);
        }

        if ((sources & CandidateSource.MinHash) != 0)
        {
            foreach (ulong key in doc.BandKeys)
            {
                Collect(reads.Postings(PostingKind.Band, key), pending?.Postings(PostingKind.Band, key), before, CandidateSource.MinHash, evidence);
            }
        }

        int querySize = 0;
        if ((sources & CandidateSource.Winnow) != 0)
        {
            querySize = CountSharedWinnow(fp.Winnow, reads, pending, before, evidence);
        }

        if (evidence.Count == 0)
        {
            Times.Add(IndexStage.Candidates, clock);
            return [];
        }

        // Fingerprints of the candidates, then the scan's estimate (CandidateFinder's rules) to keep the best.
        // A document that only shares fewer than MinSharedFingerprints winnow fingerprints is a candidate only when
        // it is as small as that (Estimate); those are most candidates (stock phrases), and are not read.
        var others = new Dictionary<long, IndexedDocument>();
        var stored = new List<long>();
        var doubtful = new List<long>();
        int sure = Math.Min(Options.Candidates.MinSharedFingerprints, querySize);
        foreach (var (n, e) in evidence)
        {
            if (pending?.Document(n) is { } p)
            {
                others[n] = p;
            }
            else if (e.Sources == CandidateSource.None && e.Shared < sure)
            {
                doubtful.Add(n);
            }
            else
            {
                stored.Add(n);
            }
        }

        if (doubtful.Count > 0)
        {
            stored.AddRange(await reads.Store.FindSmallDocumentsAsync(doubtful, Options.Candidates.MinSharedFingerprints - 1, cancellationToken).ConfigureAwait(false));
        }

        foreach (var (n, d) in await reads.DocumentsAsync(stored, withText: false, cancellationToken).ConfigureAwait(false))
        {
            others[n] = d;
        }

        var ranked = new List<(long Number, double Estimate)>();
        foreach (var (n, e) in evidence)
        {
            if (others.TryGetValue(n, out var other) && Estimate(e, fp, querySize, other) is { } estimate)
            {
                ranked.Add((n, estimate));
            }
        }

        ranked.Sort(static (x, y) => x.Estimate != y.Estimate ? y.Estimate.CompareTo(x.Estimate) : x.Number.CompareTo(y.Number));
        if (ranked.Count > Options.MaxAligned)
        {
            ranked.RemoveRange(Options.MaxAligned, ranked.Count - Options.MaxAligned);
        }

        clock = Times.Add(IndexStage.Candidates, clock);
        Times.Count(evidence.Count, stored.Count, ranked.Count);
        var withText = new List<IndexedDocument>(ranked.Count);
        var textsToRead = new List<long>();
        foreach (var (n, _) in ranked)
        {
            if (others[n].Text is not null)
            {
                withText.Add(others[n]);
            }
            else
            {
                textsToRead.Add(n);
            }
        }

        withText.AddRange((await reads.DocumentsAsync(textsToRead, withText: true, cancellationToken).ConfigureAwait(false)).Values);
        clock = Times.Add(IndexStage.Texts, clock);
        var related = new ConcurrentBag<(IndexedDocument, DocumentRelation)>();
        // Most documents have a candidate or two: in parallel only when there are more (the pool's start-up costs more).
        Parallel.ForEach(withText, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = withText.Count > 2 ? -1 : 1 }, other =>
        {
            if (Relate(other, doc) is { } relation)
            {
                related.Add((other, relation));
            }
        });
        Times.Add(IndexStage.Relate, clock);
        var list = related.ToList();
        list.Sort(static (x, y) => x.Item1.Number.CompareTo(y.Item1.Number));
        return list;
    }

    // Aligns the indexed document (A, added first) with the new one (B), as the scan verifies a candidate pair.
    private DocumentRelation? Relate(IndexedDocument other, Prepared doc)
    {
        var alignment = aligner.Align(other.Text!, doc.Document.Text);
        bool same = other.ContentHash == doc.Fingerprint.ContentHash;
        var relation = relater.Relate(new RelateInput(0, 1, alignment.TokenCountA, alignment.TokenCountB, same, alignment));
        return relation is null ? null : DocumentRelation.From(relation, other.Id, doc.Document.Id);
    }

    private int CountSharedWinnow(ulong[] winnow, BatchReads reads, PendingDocuments? pending, long before, Dictionary<long, Evidence> evidence)
    {
        int kept = 0;
        foreach (ulong key in winnow)
        {
            var fromStore = reads.Postings(PostingKind.Winnow, key);
            var fromBatch = pending?.Postings(PostingKind.Winnow, key);
            int earlier = Earlier(fromBatch, before);
            if (IsCommon(fromStore, earlier))
            {
                continue; // common text (boilerplate, stock phrases), as the winnow index ignores it
            }

            kept++;
            foreach (long d in fromStore ?? [])
            {
                CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Shared++;
            }

            for (int i = 0; i < earlier; i++)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(evidence, fromBatch![i], out _).Shared++;
            }
        }

        return kept;
    }

    /// <summary>
    /// The winnow keys of <paramref name="winnow"/> that are common text once the stored documents and the batch's
    /// earlier ones (all of <paramref name="pending"/>) are counted: a new document matches nothing through them and
    /// is not filed under them.
    /// </summary>
    private HashSet<ulong> CommonKeys(ulong[] winnow, BatchReads reads, PendingDocuments pending)
    {
        var common = new HashSet<ulong>();
        foreach (ulong key in winnow)
        {
            if (IsCommon(reads.Postings(PostingKind.Winnow, key), pending.Postings(PostingKind.Winnow, key)?.Count ?? 0))
            {
                common.Add(key);
            }
        }

        return common;
    }

    private bool IsCommon(long[]? fromStore, int fromBatch) => (fromStore?.Length ?? 0) + fromBatch >= Options.Candidates.MaxPostings;

    /// <summary>How many of the batch's documents filed under a key (in number order) are numbered below <paramref name="before"/>.</summary>
    private static int Earlier(List<long>? fromBatch, long before)
    {
        if (fromBatch is null)
        {
            return 0;
        }

        int count = fromBatch.Count;
        while (count > 0 && fromBatch[count - 1] >= before)
        {
            count--;
        }

        return count;
    }

    private static void Collect(long[]? fromStore, List<long>? fromBatch, long before, CandidateSource source, Dictionary<long, Evidence> evidence)
    {
        foreach (long d in fromStore ?? [])
        {
            CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Sources |= source;
        }

        int earlier = Earlier(fromBatch, before);
        for (int i = 0; i < earlier; i++)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(evidence, fromBatch![i], out _).Sources |= source;
        }
    }

    // The candidate stage's estimate (CandidateFinder.Evaluate): exact 1, else Jaccard, or containment when the
    // winnow index proposed the pair. The indexed document's size counts all its winnow fingerprints (the scan leaves
    // out those common in the corpus as a whole, which an index that grows cannot know for good).
    private double? Estimate(Evidence evidence, DocumentFingerprint fp, int querySize, IndexedDocument other)
    {
        var source = evidence.Sources;
        double containment = 0;
        int smaller = Math.Min(querySize, other.Winnow.Length);
        if (evidence.Shared > 0 && smaller > 0)
        {
            containment = Math.Min(1.0, (double)evidence.Shared / smaller);
            if (evidence.Shared >= Math.Min(Options.Candidates.MinSharedFingerprints, smaller) && containment >= Options.Candidates.MinContainment)
            {
                source |= CandidateSource.Winnow;
            }
        }

        if (source == CandidateSource.None)
        {
            return null;
        }

        if ((source & CandidateSource.ExactHash) != 0)
        {
            return 1.0;
        }

        double jaccard = MinHash.Jaccard(fp.Signature, other.Signature);
        return (source & CandidateSource.Winnow) != 0 ? Math.Max(jaccard, containment) : jaccard;
    }

    private sealed record Prepared(Document Document, DocumentFingerprint Fingerprint, ulong[] BandKeys, float[]? Vector, ulong[]? Entities, (ulong Hash, float Count)[]? Terms);

    // The relations an add answers with: an added document's (all made in this batch), an unchanged one's from the
    // batch or the store, none for a refusal.
    private async Task<IReadOnlyList<DocumentRelation>> OutcomeRelationsAsync(IndexStatus status, long number,
        Dictionary<long, List<DocumentRelation>> relationsOf, CancellationToken cancellationToken)
    {
        if (status == IndexStatus.Added)
        {
            return relationsOf[number];
        }

        if (status != IndexStatus.Unchanged)
        {
            return [];
        }

        return relationsOf.TryGetValue(number, out var inBatch)
            ? inBatch
            : (await store.ReadRelationsAsync([number], cancellationToken).ConfigureAwait(false)).OrderBy(r => r.A).ThenBy(r => r.B).Select(r => r.Relation).ToList();
    }

    // The record a prepared document is kept as, under its number (its story, until it joins one, is its own number).
    private static IndexedDocument RecordOf(Prepared doc, long number) =>
        new(number, doc.Document.Id, doc.Fingerprint.ContentHash, doc.Fingerprint.Signature, doc.Fingerprint.Winnow, doc.Fingerprint.TokenCount, number)
        {
            Text = doc.Document.Text,
            Url = doc.Document.Url,
            Source = doc.Document.Source,
            Published = doc.Document.Published,
            Vector = doc.Vector,
            Entities = doc.Entities,
        };

    private struct Evidence
    {
        public CandidateSource Sources;
        public int Shared;
    }
}
