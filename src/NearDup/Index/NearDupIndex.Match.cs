using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Relate;

namespace NearDup.Index;

/// <summary>Matching one document against the index: candidates through the stored postings, then the scan's aligner and relater.</summary>
public sealed partial class NearDupIndex
{
    /// <summary>
    /// Matches each of <paramref name="documents"/> against the index without adding it: its relations with passages,
    /// and the story it would join. Documents of one call are not matched with each other.
    /// </summary>
    public async Task<IReadOnlyList<IndexOutcome>> MatchAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var outcomes = new IndexOutcome[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            if (Refusal(doc) is { } why)
            {
                outcomes[i] = new IndexOutcome(doc?.Id ?? "", IndexStatus.Rejected, null, [], why);
                continue;
            }

            var prepared = Prepare(doc);
            var matches = await MatchOneAsync(prepared, null, null, cancellationToken).ConfigureAwait(false);
            long? story = null;
            foreach (var (other, relation) in matches)
            {
                if (Options.JoinKinds.Contains(relation.Kind))
                {
                    story = Math.Min(story ?? long.MaxValue, other.Story);
                }
            }

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

    private Prepared Prepare(Document doc)
    {
        var fingerprint = fingerprinter.Compute(doc.Text.AsSpan());
        var bandKeys = new ulong[bands];
        if (bands > 0)
        {
            MinHashLsh.WriteBandKeys(fingerprint.Signature, rows, bandKeys);
        }

        return new Prepared(doc, fingerprint, bandKeys);
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

    /// <summary>The relations of a new document with the indexed ones (and the batch's, when <paramref name="pending"/>), by document number.</summary>
    private async Task<List<(IndexedDocument Other, DocumentRelation Relation)>> MatchOneAsync(Prepared doc, PendingDocuments? pending, HashSet<ulong>? common, CancellationToken cancellationToken)
    {
        var fp = doc.Fingerprint;
        if (fp.IsEmpty)
        {
            return [];
        }

        var sources = Options.Candidates.Sources;
        var evidence = new Dictionary<long, Evidence>();
        if ((sources & CandidateSource.ExactHash) != 0)
        {
            var found = await store.ReadPostingsAsync(PostingKind.Content, [fp.ContentHash], int.MaxValue, cancellationToken).ConfigureAwait(false);
            Collect(found, pending?.Postings(PostingKind.Content, fp.ContentHash), CandidateSource.ExactHash, evidence);
        }

        if ((sources & CandidateSource.MinHash) != 0)
        {
            var found = await store.ReadPostingsAsync(PostingKind.Band, doc.BandKeys, int.MaxValue, cancellationToken).ConfigureAwait(false);
            Collect(found, null, CandidateSource.MinHash, evidence);
            if (pending is not null)
            {
                foreach (ulong key in doc.BandKeys)
                {
                    Collect([], pending.Postings(PostingKind.Band, key), CandidateSource.MinHash, evidence);
                }
            }
        }

        int querySize = 0;
        if ((sources & CandidateSource.Winnow) != 0)
        {
            querySize = await CountSharedWinnowAsync(fp.Winnow, pending, evidence, common, cancellationToken).ConfigureAwait(false);
        }

        if (evidence.Count == 0)
        {
            return [];
        }

        // Fingerprints of the candidates, then the scan's estimate (CandidateFinder's rules) to keep the best.
        var others = new Dictionary<long, IndexedDocument>();
        var stored = new List<long>();
        foreach (long n in evidence.Keys)
        {
            if (pending?.Document(n) is { } p)
            {
                others[n] = p;
            }
            else
            {
                stored.Add(n);
            }
        }

        foreach (var d in await store.ReadDocumentsAsync(stored, withText: false, cancellationToken).ConfigureAwait(false))
        {
            others[d.Number] = d;
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

        withText.AddRange(await store.ReadDocumentsAsync(textsToRead, withText: true, cancellationToken).ConfigureAwait(false));
        var related = new ConcurrentBag<(IndexedDocument, DocumentRelation)>();
        Parallel.ForEach(withText, new ParallelOptions { CancellationToken = cancellationToken }, other =>
        {
            if (Relate(other, doc) is { } relation)
            {
                related.Add((other, relation));
            }
        });
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

    private async Task<int> CountSharedWinnowAsync(ulong[] winnow, PendingDocuments? pending, Dictionary<long, Evidence> evidence, HashSet<ulong>? common, CancellationToken cancellationToken)
    {
        int maxPostings = Options.Candidates.MaxPostings;
        var found = await store.ReadPostingsAsync(PostingKind.Winnow, winnow, maxPostings, cancellationToken).ConfigureAwait(false);
        var byKey = new Dictionary<ulong, List<long>>();
        foreach (var p in found)
        {
            if (!byKey.TryGetValue(p.Key, out var list))
            {
                byKey[p.Key] = list = [];
            }

            list.Add(p.Document);
        }

        int kept = 0;
        foreach (ulong key in winnow)
        {
            var fromStore = byKey.GetValueOrDefault(key);
            var fromBatch = pending?.Postings(PostingKind.Winnow, key);
            if ((fromStore?.Count ?? 0) + (fromBatch?.Count ?? 0) >= maxPostings)
            {
                common?.Add(key);
                continue; // common text (boilerplate, stock phrases), as the winnow index ignores it
            }

            kept++;
            foreach (long d in (IEnumerable<long>?)fromStore ?? [])
            {
                CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Shared++;
            }

            foreach (long d in (IEnumerable<long>?)fromBatch ?? [])
            {
                CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Shared++;
            }
        }

        return kept;
    }

    private static void Collect(IReadOnlyList<IndexPosting> found, List<long>? fromBatch, CandidateSource source, Dictionary<long, Evidence> evidence)
    {
        foreach (var p in found)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(evidence, p.Document, out _).Sources |= source;
        }

        foreach (long d in (IEnumerable<long>?)fromBatch ?? [])
        {
            CollectionsMarshal.GetValueRefOrAddDefault(evidence, d, out _).Sources |= source;
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

    private sealed record Prepared(Document Document, DocumentFingerprint Fingerprint, ulong[] BandKeys);

    private struct Evidence
    {
        public CandidateSource Sources;
        public int Shared;
    }
}
