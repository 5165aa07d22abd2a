using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NearDup.Index;

/// <summary>Adding and removing: one serialized write, one atomic commit.</summary>
public sealed partial class NearDupIndex
{
    /// <summary>
    /// Adds <paramref name="documents"/> in order: each is matched against everything indexed and the batch's earlier
    /// documents, joins a story or starts one, and the batch is committed at once (all or nothing). Re-adding an id
    /// with the same content changes nothing (<see cref="IndexStatus.Unchanged"/>); an id with other content is a
    /// <see cref="IndexStatus.Conflict"/>. The same content under a new id is a new document, an exact copy.
    /// </summary>
    /// <remarks>Calls made one after another (each before the last has answered) are added in the order they were
    /// made, whatever the time each takes to prepare: the result is that of waiting for each answer.</remarks>
    public Task<IReadOnlyList<IndexOutcome>> AddAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return AddAsync(documents, TakeTurn(), cancellationToken);
    }

    /// <summary>
    /// The next place in the order adds take the write gate in, taken before the documents are at hand (the service
    /// takes it as a request arrives, before its body is read): <see cref="AddAsync(IReadOnlyList{Document}, AddTurn, CancellationToken)"/>
    /// uses it; disposed unused, it is given up once the adds before it have their turn.
    /// </summary>
    internal AddTurn TakeTurn()
    {
        var turn = new AddTurn();
        turn.Previous = Interlocked.Exchange(ref lastTurn, turn.Held.Task);
        return turn;
    }

    /// <summary>A place in the order of adds (<see cref="TakeTurn"/>).</summary>
    internal sealed class AddTurn : IDisposable
    {
        /// <summary>Completes when the add holds the write gate (or gave up its turn): the next may queue for it.</summary>
        internal TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The turn before it.</summary>
        internal Task Previous { get; set; } = Task.CompletedTask;

        public void Dispose()
        {
            if (!Held.Task.IsCompleted)
            {
                Previous.ContinueWith(_ => Held.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>As <see cref="AddAsync(IReadOnlyList{Document}, CancellationToken)"/>, in <paramref name="turn"/>.</summary>
    internal async Task<IReadOnlyList<IndexOutcome>> AddAsync(IReadOnlyList<Document> documents, AddTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (store is ISharedIndexStore shared)
        {
            turn.Dispose(); // many writers, no gate: no order to keep
            return await AddSharedAsync(shared, documents, cancellationToken).ConfigureAwait(false);
        }

        long clock = Stopwatch.GetTimestamp();
        var prepared = new Prepared?[documents.Count];
        var refusals = new string?[documents.Count];

        // Calls take the write gate in the order they took their turns, however long each took to prepare: a feeder
        // with a batch in flight while the last is added gets its documents added in the order it sent them.
        try
        {
            Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                refusals[i] = Refusal(documents[i]);
                prepared[i] = refusals[i] is null ? Prepare(documents[i], countWords: true) : null;
            });
            clock = Times.Add(IndexStage.Prepare, clock);
            await turn.Previous.ConfigureAwait(false);
            await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            turn.Held.SetResult(); // holding the gate: the next call may queue for it
        }
        finally
        {
            turn.Dispose(); // failed before the gate: given up in order
        }

        bool changingWords = false;
        try
        {
            await using var writeLock = await store.LockWritesAsync(cancellationToken).ConfigureAwait(false);
            clock = Times.Add(IndexStage.WriteLock, clock);
            var ids = documents.Where((d, i) => refusals[i] is null).Select(d => d.Id).Distinct(StringComparer.Ordinal).ToList();
            var existing = (await store.FindDocumentsAsync(ids, withText: false, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
            long next = await store.NextNumberAsync(cancellationToken).ConfigureAwait(false);
            long first = next;
            int keys = documents.Count * (1 + bands + 160); // about a news article's postings (~155 winnow fingerprints)
            var pending = new PendingDocuments(keys);
            var batch = new IndexBatch();
            batch.Postings.EnsureCapacity(keys);
            var stories = new StoryUnion();
            var relationsOf = new Dictionary<long, List<DocumentRelation>>();
            var moved = new HashSet<long>(); // documents a regroup put in a story of a new number
            var reads = new BatchReads(store);
            clock = Times.Add(IndexStage.Existing, clock);
            await PrefetchAsync(prepared, reads, cancellationToken).ConfigureAwait(false);
            await EnsureVectorsAsync(cancellationToken).ConfigureAwait(false);
            clock = Times.Add(IndexStage.Prefetch, clock);
            var wordStories = await EnsureWordsAsync(cancellationToken).ConfigureAwait(false);
            clock = Times.Add(IndexStage.Words, clock);
            var results = new (IndexStatus Status, long? Story, string? Message, long Number)[documents.Count];

            // 1. In order: which documents are new, their numbers and postings. A new document is filed with its own
            // number as story for now (its story is found in 3); a later one of the batch sees it as pending.
            var added = new List<int>();
            for (int i = 0; i < documents.Count; i++)
            {
                if (refusals[i] is { } why)
                {
                    results[i] = (IndexStatus.Rejected, null, why, 0);
                    continue;
                }

                var doc = prepared[i]!;
                var known = pending.Find(doc.Document.Id) ?? existing.GetValueOrDefault(doc.Document.Id);
                if (known is not null)
                {
                    results[i] = known.ContentHash == doc.Fingerprint.ContentHash
                        ? (IndexStatus.Unchanged, known.Story, null, known.Number)
                        : (IndexStatus.Conflict, null, $"id '{doc.Document.Id}' is indexed with other content; remove it first to replace it", 0);
                    continue;
                }

                long number = next++;
                var record = RecordOf(doc, number);
                var common = CommonKeys(doc.Fingerprint.Winnow, reads, pending);
                int filed = batch.Postings.Count;
                PostingsOf(number, doc.Fingerprint.ContentHash, doc.BandKeys, doc.Fingerprint.Winnow, doc.Fingerprint.IsEmpty, batch.Postings, common);
                pending.Add(record, CollectionsMarshal.AsSpan(batch.Postings)[filed..]);
                results[i] = (IndexStatus.Added, number, null, number);
                added.Add(i);
            }

            // The word stories change from here: if the add fails they are read again at the next one. The batch's
            // words are held first (weighed at the batch's counts) and each new document's nearest searched beside
            // its matches.
            changingWords = wordStories is not null;
            var nearest = wordStories is not null ? new List<(long Other, double Cosine, float Shared)>[documents.Count] : null;
            if (nearest is not null)
            {
                long holding = Stopwatch.GetTimestamp();
                wordsLock.EnterWriteLock();
                try
                {
                    foreach (int i in added)
                    {
                        wordStories!.Hold(results[i].Number, prepared[i]!.Terms!);
                    }
                }
                finally
                {
                    wordsLock.ExitWriteLock();
                }

                Times.Add(IndexStage.Words, holding);
            }

            // 2. The matches of every new document, lexical then meaning-level, in parallel: each sees the index and
            // the batch's earlier documents, as one added after another would.
            var found = new List<(IndexedDocument Other, DocumentRelation Relation)>[documents.Count];
            await Parallel.ForEachAsync(added, new ParallelOptions { CancellationToken = cancellationToken }, async (i, token) =>
            {
                long number = results[i].Number;
                var lexical = await MatchOneAsync(prepared[i]!, reads, pending, number, token).ConfigureAwait(false);
                long meaning = Stopwatch.GetTimestamp();
                found[i] = await MatchMeaningAsync(prepared[i]!, lexical, reads, pending, number, token).ConfigureAwait(false);
                meaning = Times.Add(IndexStage.Meaning, meaning);
                if (nearest is not null && wordStories!.Weighing)
                {
                    nearest[i] = wordStories.Nearest(number);
                    Times.Add(IndexStage.Words, meaning);
                }
            }).ConfigureAwait(false);

            // 3. In order: relations and stories (bonds; then the most confident same_story relation, or, once words are
            // weighed, average link over words after the loop).
            wordsLock.EnterWriteLock();
            try
            {
                foreach (int i in added)
                {
                    long number = results[i].Number;
                    var matches = found[i];
                    long story = number;
                    bool bound = false;
                    long placing = Stopwatch.GetTimestamp();
                    wordStories?.Place(number, number, WeakPartners(wordStories, matches));

                    Times.Add(IndexStage.Words, placing);
                    foreach (var (other, relation) in matches)
                    {
                        batch.Relations.Add(new IndexedRelation(other.Number, number, relation));
                        if (Options.JoinKinds.Contains(relation.Kind))
                        {
                            wordStories?.Bind(number, other.Number);
                            story = MergeStories(stories, wordStories, story, other.Story);
                            bound = true;
                        }
                    }

                    // Until words are weighed, a same_story relation joins (a summary joins the story it sums up).
                    if (wordStories is not { Weighing: true } && !bound && SameStoryOf(matches) is { } summarized)
                    {
                        story = MergeStories(stories, wordStories, story, summarized);
                    }

                    relationsOf[number] = matches.Select(m => m.Relation).ToList();
                    results[i] = (IndexStatus.Added, story, null, number);
                }

                // Stories by words: the batch's, best pair first (the document that completed the warm-up found the
                // edges of all before it: their stories too).
                if (wordStories is not null)
                {
                    long placing = Stopwatch.GetTimestamp();
                    wordStories.Connect([.. added.Select(i => results[i].Number)], [.. added.Select(i => nearest![i])]);
                    var touched = wordStories.MergeByAverageLink(added.Select(i => results[i].Number), (a, b) => MergeStories(stories, wordStories, a, b));
                    RegroupStories(wordStories, stories, touched, moved);
                    Times.Add(IndexStage.Words, placing);
                }
            }
            finally
            {
                wordsLock.ExitWriteLock();
            }

            foreach (var move in stories.Moves())
            {
                if (move.From < first)
                {
                    batch.StoryMoves.Add(move);
                }
            }

            foreach (long n in moved)
            {
                if (n < first)
                {
                    batch.StoryAssignments[n] = wordStories!.StoryOf(n);
                }
            }

            foreach (var d in pending.Documents.OrderBy(d => d.Number))
            {
                batch.Documents.Add(d with { Story = StoryNow(d.Number, d.Story) });
            }

            clock = Times.Add(IndexStage.Assemble, clock);
            await store.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
            changingWords = false;
            AddVectors(batch.Documents);
            Times.Add(IndexStage.Commit, clock);

            var outcomes = new IndexOutcome[documents.Count];
            for (int i = 0; i < documents.Count; i++)
            {
                var (status, story, message, number) = results[i];
                string id = documents[i]?.Id ?? "";
                var relations = await OutcomeRelationsAsync(status, number, relationsOf, cancellationToken).ConfigureAwait(false);

                outcomes[i] = new IndexOutcome(id, status, story is not { } s ? null : status == IndexStatus.Added ? StoryNow(number, s) : stories.Find(s), relations, message);
            }

            return outcomes;

            // A new document's story once the batch is placed: the word stories' (a regroup may have split it), else the merges'.
            long StoryNow(long number, long story) => wordStories is not null && moved.Count > 0 ? wordStories.StoryOf(number) : stories.Find(story);
        }
        catch when (changingWords)
        {
            words = null; // changed for documents that were not kept
            throw;
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>
    /// Removes document <paramref name="id"/> with its postings and relations; its story is split where the removal
    /// disconnects it, as a rebuild without the document would give. False when it is not indexed.
    /// </summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var writeLock = await store.LockWritesAsync(cancellationToken).ConfigureAwait(false);
            var found = await store.FindDocumentsAsync([id], withText: false, cancellationToken).ConfigureAwait(false);
            if (found.Count == 0)
            {
                return false;
            }

            var doc = found[0];
            var batch = new IndexBatch();
            batch.Removed.Add(doc.Number);
            PostingsOf(doc.Number, doc.ContentHash, BandKeysOf(doc.Signature), doc.Winnow, doc.TokenCount == 0, batch.RemovedPostings);

            // The rest of the story, regrouped by the bonds left among its members. An add on another worker (adds on
            // Redis take no lock; another process on SQLite) can join the story between the read and the commit: the
            // stories are read again after each commit and regrouped again while they changed.
            var members = (await store.ReadStoryAsync(doc.Story, cancellationToken).ConfigureAwait(false)).Where(n => n != doc.Number).ToHashSet();
            for (int pass = 0; ; pass++)
            {
                var parts = await SplitStoryAsync(doc.Story, members, batch, assignAll: pass > 0, cancellationToken).ConfigureAwait(false);
                if (pass == 0 && BeforeRemoveCommits is { } racingAdd)
                {
                    await racingAdd().ConfigureAwait(false);
                }

                await store.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
                var now = await StoriesChangedAsync(doc.Number, parts, cancellationToken).ConfigureAwait(false);
                if (now is null || pass == MaxRegroupsAfterRemove)
                {
                    break;
                }

                members = now;
                batch = new IndexBatch();
            }

            words = null; // read again at the next add: a document's edges are not kept, so its story's sums cannot be undone
            return true;
        }
        finally
        {
            writeGate.Release();
        }
    }

    // Regroups after a removal: at most this many times more (each only when adds joined meanwhile).
    private const int MaxRegroupsAfterRemove = 8;

    /// <summary>Test seam: runs between a removal's first reads and its commit (where a racing add lands).</summary>
    internal Func<Task>? BeforeRemoveCommits { get; set; }

    // Splits the members of a story (its removed document left out) into the parts its join relations connect, puts
    // each moved member's new story into the batch (every member's when assignAll: after a first commit some moved),
    // and returns each story the members are in after the commit with its members (the old story too, perhaps empty).
    private async Task<Dictionary<long, HashSet<long>>> SplitStoryAsync(long oldStory, HashSet<long> members, IndexBatch batch, bool assignAll, CancellationToken cancellationToken)
    {
        var union = new StoryUnion();
        foreach (var r in await store.ReadRelationsAsync([.. members], cancellationToken).ConfigureAwait(false))
        {
            if (members.Contains(r.A) && members.Contains(r.B) && Options.JoinKinds.Contains(r.Relation.Kind))
            {
                union.Union(r.A, r.B);
            }
        }

        // A part is named by its smallest member, unless that number names another story (a regroup's split
        // leaves a story whose number is no member's): then by its next member that names none.
        var named = new Dictionary<long, long>();
        var parts = new Dictionary<long, HashSet<long>> { [oldStory] = [] };
        foreach (long n in members.Order())
        {
            long root = union.Find(n);
            if (!named.TryGetValue(root, out long story))
            {
                named[root] = story = root == oldStory ? root : await FreeStoryNumberAsync(members.Where(m => union.Find(m) == root).Order(), members, cancellationToken).ConfigureAwait(false);
            }

            if (story != oldStory || assignAll)
            {
                batch.StoryAssignments[n] = story;
            }

            (CollectionsMarshal.GetValueRefOrAddDefault(parts, story, out _) ??= []).Add(n);
        }

        return parts;
    }

    // The members of the stories a removal's commit left (parts), read again: null when they are as committed, else
    // every member now in them or in the stories members were merged into meanwhile (to regroup together).
    private async Task<HashSet<long>?> StoriesChangedAsync(long removed, Dictionary<long, HashSet<long>> parts, CancellationToken cancellationToken)
    {
        var now = new HashSet<long>();
        bool changed = false;
        foreach (var (story, part) in parts)
        {
            var members = await store.ReadStoryAsync(story, cancellationToken).ConfigureAwait(false);
            now.UnionWith(members);
            changed |= members.Count != part.Count || !members.All(part.Contains);
        }

        var gone = parts.Values.SelectMany(p => p).Where(n => !now.Contains(n)).ToList();
        if (gone.Count > 0)
        {
            changed = true;
            foreach (var doc in await store.ReadDocumentsAsync(gone, withText: false, cancellationToken).ConfigureAwait(false))
            {
                now.UnionWith(await store.ReadStoryAsync(doc.Story, cancellationToken).ConfigureAwait(false));
            }
        }

        now.Remove(removed);
        return changed ? now : null;
    }

    // The first of a part's members (ascending) whose number names no story outside the story being split.
    private async Task<long> FreeStoryNumberAsync(IEnumerable<long> part, HashSet<long> inStory, CancellationToken cancellationToken)
    {
        long first = -1;
        foreach (long m in part)
        {
            first = first < 0 ? m : first;
            if ((await store.ReadStoryAsync(m, cancellationToken).ConfigureAwait(false)).All(inStory.Contains))
            {
                return m;
            }
        }

        return first; // every member names a story (never seen): as before
    }
}
