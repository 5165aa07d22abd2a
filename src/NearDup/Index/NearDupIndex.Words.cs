using System.Diagnostics;
using NearDup.Group;
using NearDup.Text;

namespace NearDup.Index;

/// <summary>Stories by word similarity (<see cref="IndexOptions.Group"/>): the group stage's average link, as documents arrive.</summary>
public sealed partial class NearDupIndex
{
    private WordStories? words; // read from the store at the first add or match; changed only under the write gate

    // Adds hold it to write while they change the word stories, matches to read (StoryFor); searches made by an add
    // (Nearest) change nothing and need it not.
    private readonly ReaderWriterLockSlim wordsLock = new();

    /// <summary>
    /// The story <paramref name="doc"/> (prepared with its word counts) would join by its words, bound to no story
    /// by its <paramref name="matches"/>; null when word stories are off, not read yet, or none would take it.
    /// </summary>
    private long? WordStoryOf(Prepared doc, List<(IndexedDocument Other, DocumentRelation Relation)> matches)
    {
        if (words is not { } held || doc.Terms is null)
        {
            return null;
        }

        wordsLock.EnterReadLock();
        try
        {
            return held.StoryFor(doc.Terms, WeakPartners(held, matches));
        }
        finally
        {
            wordsLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Reads the word counts and stories of every indexed document now, unless read already (or word stories are off,
    /// or the store is shared): a match answers by them only once they are read, so the first match after opening
    /// waits for this (the service starts it as it opens). Waits for the adds in progress.
    /// </summary>
    internal async Task LoadWordsAsync(CancellationToken cancellationToken = default)
    {
        if (words is not null || Options.Group is null || store is ISharedIndexStore)
        {
            return;
        }

        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long clock = Stopwatch.GetTimestamp();
            await EnsureWordsAsync(cancellationToken).ConfigureAwait(false);
            Times.Add(IndexStage.Words, clock);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>
    /// The word counts and stories of every indexed document, read once (texts tokenized again, in parallel) at the
    /// first add; null when word stories are off, or on a shared store (many writers: stories by copy relations only).
    /// Called under the write gate.
    /// </summary>
    private async Task<WordStories?> EnsureWordsAsync(CancellationToken cancellationToken)
    {
        if (Options.Group is not { } group || store is ISharedIndexStore)
        {
            return null;
        }

        if (words is not null)
        {
            return words;
        }

        var loaded = new WordStories(group);
        for (long after = 0; ;)
        {
            var page = await store.ListDocumentsAsync(after, 1024, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var documents = (await store.ReadDocumentsAsync(page, withText: true, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Number).ToList();
            var counted = new (ulong Hash, float Count)[documents.Count][];
            Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                string text = documents[i].Text ?? "";
                counted[i] = TermVectorBuilder.CountTerms(text, Tokenizer.Tokenize(text), group.NameBoost);
            });
            // Each document's weak relations with documents added before it (A is always the earlier).
            var weak = new Dictionary<long, List<long>>();
            foreach (var r in await store.ReadRelationsAsync(page, cancellationToken).ConfigureAwait(false))
            {
                if (r.A < r.B && Options.JoinKinds.Contains(r.Relation.Kind))
                {
                    loaded.Bind(r.A, r.B);
                }

                if (r.A < r.B && loaded.IsWeakLink(r.Relation.Kind, r.Relation.CoverageA, r.Relation.CoverageB))
                {
                    (weak.TryGetValue(r.B, out var list) ? list : weak[r.B] = []).Add(r.A);
                }
            }

            // As an add does: the page held, searched in parallel, placed in order, its edges connected.
            for (int i = 0; i < documents.Count; i++)
            {
                loaded.Hold(documents[i].Number, counted[i]);
            }

            var nearest = new List<(long Other, double Cosine, float Shared)>[documents.Count];
            if (loaded.Weighing)
            {
                Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => nearest[i] = loaded.Nearest(documents[i].Number));
            }

            for (int i = 0; i < documents.Count; i++)
            {
                loaded.Place(documents[i].Number, documents[i].Story, weak.GetValueOrDefault(documents[i].Number) ?? []);
            }

            loaded.Connect([.. documents.Select(d => d.Number)], nearest);

            after = page[^1];
        }

        words = loaded;
        return loaded;
    }

    // The earlier documents a new one has a weak relation with (evidence for the average, not a bond).
    private static List<long> WeakPartners(WordStories words, List<(IndexedDocument Other, DocumentRelation Relation)> matches)
    {
        var partners = new List<long>();
        foreach (var (other, relation) in matches)
        {
            if (words.IsWeakLink(relation.Kind, relation.CoverageA, relation.CoverageB))
            {
                partners.Add(other.Number);
            }
        }

        return partners;
    }

    /// <summary>
    /// Regroups the stories <paramref name="touched"/> documents are in after a batch's merging
    /// (<see cref="WordStories.Regroup"/>), then lets the parts of a split merge by average link again: with a story that
    /// was not split, that story keeps its number (the part's members are <paramref name="moved"/>: their story is
    /// assigned); two stories not split merge as any two do (<see cref="MergeStories"/>).
    /// </summary>
    private static void RegroupStories(WordStories words, StoryUnion stories, IReadOnlyList<long> touched, HashSet<long> moved)
    {
        if (!words.Weighing)
        {
            return; // no edges yet: stories are by bonds and same_story relations until the warm-up
        }

        var parts = words.Regroup(touched, moved);
        if (parts.Count == 0)
        {
            return;
        }

        words.MergeByAverageLink(touched, (a, b) =>
        {
            if (!parts.Contains(a) && !parts.Contains(b))
            {
                return MergeStories(stories, words, a, b);
            }

            var (keep, drop) = parts.Contains(a) && (!parts.Contains(b) || b < a) ? (b, a) : (a, b);
            words.MergeInto(keep, drop);
            parts.Remove(drop);
            return keep;
        });
    }

    /// <summary>Merges two stories in the batch's union and in the word stories alike; returns the surviving number.</summary>
    private static long MergeStories(StoryUnion stories, WordStories? words, long a, long b)
    {
        long ra = stories.Find(a), rb = stories.Find(b);
        if (ra == rb)
        {
            return ra;
        }

        words?.Merge(ra, rb);
        return stories.Union(ra, rb);
    }
}
