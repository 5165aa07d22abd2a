using System.Diagnostics;

namespace NearDup.Index;

/// <summary>Adding to a store that many workers write at once (<see cref="ISharedIndexStore"/>): no index-wide lock.</summary>
public sealed partial class NearDupIndex
{
    /// <summary>
    /// <see cref="AddAsync(IReadOnlyList{Document}, CancellationToken)"/> on a shared store: numbers from the store's counter, the batch published (its documents
    /// hidden from readers), then matched against everything committed or published by any worker, then committed
    /// with its story bonds. Re-adding an id is idempotent across workers (the id is claimed once); two workers that
    /// start the same story at once end with one story (the later reader of a shared posting binds both).
    /// </summary>
    private async Task<IReadOnlyList<IndexOutcome>> AddSharedAsync(ISharedIndexStore shared, IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AddSharedHeldAsync(shared, documents, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary><see cref="AddSharedAsync"/> with the write gate held.</summary>
    private async Task<IReadOnlyList<IndexOutcome>> AddSharedHeldAsync(ISharedIndexStore shared, IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        long clock = Stopwatch.GetTimestamp();
        var prepared = new Prepared?[documents.Count];
        var refusals = new string?[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            refusals[i] = Refusal(documents[i]);
            prepared[i] = refusals[i] is null ? Prepare(documents[i]) : null;
        });
        clock = Times.Add(IndexStage.Prepare, clock);
        var ids = documents.Where((d, i) => refusals[i] is null).Select(d => d.Id).Distinct(StringComparer.Ordinal).ToList();
        var existing = (await store.FindDocumentsAsync(ids, withText: false, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var results = new (IndexStatus Status, string? Message, long Number)[documents.Count];

        // 1. Which documents are new (the first of an id not yet indexed), then their numbers.
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var fresh = new List<int>();
        for (int i = 0; i < documents.Count; i++)
        {
            if (refusals[i] is { } why)
            {
                results[i] = (IndexStatus.Rejected, why, 0);
            }
            else if (!existing.ContainsKey(documents[i].Id) && firstOf.TryAdd(documents[i].Id, i))
            {
                fresh.Add(i);
            }
        }

        long first = fresh.Count > 0 ? await shared.ReserveNumbersAsync(fresh.Count, cancellationToken).ConfigureAwait(false) : 0;
        long last = first + fresh.Count - 1;
        clock = Times.Add(IndexStage.Existing, clock);

        // 2. Records and postings under every key, published, so that any worker reading these keys from now on
        // meets them.
        var publish = new List<(IndexedDocument Document, List<IndexPosting> Postings)>(fresh.Count);
        for (int k = 0; k < fresh.Count; k++)
        {
            var doc = prepared[fresh[k]]!;
            long number = first + k;
            var record = RecordOf(doc, number);
            var filed = new List<IndexPosting>();
            PostingsOf(number, doc.Fingerprint.ContentHash, doc.BandKeys, doc.Fingerprint.Winnow, doc.Fingerprint.IsEmpty, filed);
            publish.Add((record, filed));
        }

        var holders = fresh.Count > 0 ? await shared.PublishAsync(publish, cancellationToken).ConfigureAwait(false) : [];
        var added = new List<int>();
        var claimedElsewhere = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int k = 0; k < fresh.Count; k++)
        {
            if (holders[k] is { } holder)
            {
                claimedElsewhere[documents[fresh[k]].Id] = holder; // another worker added this id first
                continue;
            }

            results[fresh[k]] = (IndexStatus.Added, null, first + k);
            added.Add(fresh[k]);
        }

        // 3. Read after publishing: what any worker committed or published before is seen now. A winnow key that is
        // common once the batch's earlier documents count is withdrawn (as the embedded stores do not file it).
        var reads = new BatchReads(shared.WithPublished(first, last));
        await PrefetchAsync([.. added.Select(i => prepared[i])], reads, cancellationToken).ConfigureAwait(false);
        var pending = new PendingDocuments();
        var withdrawn = new List<IndexPosting>();
        foreach (int i in added)
        {
            var (record, postings) = publish[(int)(results[i].Number - first)];
            var common = CommonKeys(record.Winnow, reads, pending);
            pending.Add(record, postings.Where(p => p.Kind != PostingKind.Winnow || !common.Contains(p.Key)));
            withdrawn.AddRange(postings.Where(p => p.Kind == PostingKind.Winnow && common.Contains(p.Key)));
        }

        if (withdrawn.Count > 0)
        {
            await shared.WithdrawPostingsAsync(withdrawn, cancellationToken).ConfigureAwait(false);
        }

        await EnsureVectorsAsync(cancellationToken).ConfigureAwait(false);
        await CatchUpVectorsAsync(cancellationToken).ConfigureAwait(false);
        clock = Times.Add(IndexStage.Prefetch, clock);
        var found = new List<(IndexedDocument Other, DocumentRelation Relation)>[documents.Count];
        await Parallel.ForEachAsync(added, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
        {
            long number = results[i].Number;
            var lexical = await MatchOneAsync(prepared[i]!, reads, pending, number, token).ConfigureAwait(false);
            long meaning = Stopwatch.GetTimestamp();
            found[i] = await MatchMeaningAsync(prepared[i]!, lexical, reads, pending, number, token).ConfigureAwait(false);
            Times.Add(IndexStage.Meaning, meaning);
        }).ConfigureAwait(false);

        // 4. Relations and story bonds (by the other's story, or its number when it is published: a node of the
        // store's story union either way), then one commit.
        var relations = new List<IndexedRelation>();
        var bonds = new List<(long Document, long Other)>();
        var relationsOf = new Dictionary<long, List<DocumentRelation>>();
        foreach (int i in added)
        {
            long number = results[i].Number;
            bool bound = false;
            foreach (var (other, relation) in found[i])
            {
                relations.Add(new IndexedRelation(other.Number, number, relation));
                if (Options.JoinKinds.Contains(relation.Kind))
                {
                    bonds.Add((number, other.Story));
                    bound = true;
                }
            }

            if (!bound && SameStoryOf(found[i]) is { } summarized)
            {
                bonds.Add((number, summarized));
            }

            relationsOf[number] = found[i].Select(m => m.Relation).ToList();
        }

        clock = Times.Add(IndexStage.Assemble, clock);
        var numbers = added.Select(i => results[i].Number).ToList();
        if (numbers.Count > 0)
        {
            await shared.CommitPublishedAsync(numbers, relations, bonds, cancellationToken).ConfigureAwait(false);
            AddVectors(pending.Documents);
        }

        Times.Add(IndexStage.Commit, clock);

        // 5. The ids other workers held: once they are committed, these are unchanged or conflicts; an id whose
        // holder died is added again.
        var claims = claimedElsewhere.Select(c => (c.Key, c.Value)).ToList();
        var holdersOf = await shared.AwaitHoldersAsync(claims, cancellationToken).ConfigureAwait(false);
        for (int k = 0; k < claims.Count; k++)
        {
            if (holdersOf[k] is { } holder)
            {
                existing[holder.Id] = holder;
            }
        }

        var again = new List<int>();
        var addedSet = added.ToHashSet();
        for (int i = 0; i < documents.Count; i++)
        {
            if (addedSet.Contains(i) || refusals[i] is not null)
            {
                continue;
            }

            var doc = prepared[i]!;
            var holder = existing.GetValueOrDefault(doc.Document.Id) ?? pending.Find(doc.Document.Id);
            if (holder is null)
            {
                again.Add(i);
                continue;
            }

            results[i] = holder.ContentHash == doc.Fingerprint.ContentHash
                ? (IndexStatus.Unchanged, null, holder.Number)
                : (IndexStatus.Conflict, $"id '{doc.Document.Id}' is indexed with other content; remove it first to replace it", 0);
        }

        var retried = again.Count > 0 ? await AddSharedHeldAsync(shared, [.. again.Select(i => documents[i])], cancellationToken).ConfigureAwait(false) : [];

        var settled = Enumerable.Range(0, documents.Count).Where(i => !again.Contains(i) && results[i].Status is IndexStatus.Added or IndexStatus.Unchanged).ToList();
        var stories = await shared.StoriesOfAsync([.. settled.Select(i => results[i].Number)], cancellationToken).ConfigureAwait(false);
        var storyOf = new Dictionary<int, long>();
        for (int k = 0; k < settled.Count; k++)
        {
            storyOf[settled[k]] = stories[k];
        }

        var outcomes = new IndexOutcome[documents.Count];
        for (int k = 0; k < again.Count; k++)
        {
            outcomes[again[k]] = retried[k];
        }

        for (int i = 0; i < documents.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }

            var (status, message, number) = results[i];
            var relationsOfDocument = await OutcomeRelationsAsync(status, number, relationsOf, cancellationToken).ConfigureAwait(false);

            outcomes[i] = new IndexOutcome(documents[i]?.Id ?? "", status, storyOf.TryGetValue(i, out long s) ? s : null, relationsOfDocument, message);
        }

        return outcomes;
    }
}
