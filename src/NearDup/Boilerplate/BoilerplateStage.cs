using System.Collections.Concurrent;
using NearDup.Align;
using NearDup.Group;
using NearDup.Pipeline;
using NearDup.Relate;
using NearDup.Text;
using NearDup.Threading;

namespace NearDup.Boilerplate;

/// <summary>
/// The boilerplate stage of one scan: site furniture (menus, footers, sign-ups, related-story lists) at the three
/// points where the scan meets it. While documents are read it learns the lines that recur across them
/// (<see cref="LearnAsync"/>); when a pair is verified it drops those lines from the evidence of reuse
/// (<see cref="RemoveFrom"/>); once stories are grouped it lists the furniture of related documents, learned lines
/// and blocks spliced into copies (<see cref="Find"/>).
/// </summary>
/// <remarks>
/// One instance per scan. Learning is serial (one model, documents in order) and runs beside the scan's own work,
/// at most two batches behind; <see cref="CompleteLearningAsync"/> waits for it. After that, <see cref="RemoveFrom"/>
/// and <see cref="Find"/> may run on several threads.
/// </remarks>
internal sealed class BoilerplateStage
{
    private readonly BoilerplateModel model;

    // The last two batches being learned: a batch waits for the one before it, and the reader for the one before that.
    private readonly Task[] learning = [Task.CompletedTask, Task.CompletedTask];
    private BoilerplateSpans? spans;
    private IReadOnlyList<DocumentInfo>? documents;
    private Task cuesBuilt = Task.CompletedTask;

    public BoilerplateStage(BoilerplateOptions options)
    {
        model = new BoilerplateModel(options);
    }

    /// <summary>
    /// Queues the documents of one batch for learning, each with its <see cref="LineHashes"/>; returns once the batch
    /// two before it is learnt, so that learning never falls further behind.
    /// </summary>
    public async Task LearnAsync(IReadOnlyList<Document> batch, LineHash[][] lines, CancellationToken cancellationToken)
    {
        await learning[1].ConfigureAwait(false);
        learning[1] = learning[0];
        var previous = learning[0];
        learning[0] = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            for (int i = 0; i < batch.Count; i++)
            {
                model.Add(BoilerplateModel.SourceOf(batch[i]), lines[i]);
            }
        }, cancellationToken);
    }

    /// <summary>What learning reads of a document, from the tokens the scan made of it (thread-safe).</summary>
    public static LineHash[] LineHashes(string text, ReadOnlySpan<Token> tokens) => BoilerplateModel.HashLines(text, tokens);

    /// <summary>Waits for every queued batch; from then on the learned lines are known by each document's site.</summary>
    public async Task CompleteLearningAsync(IReadOnlyList<DocumentInfo> documents)
    {
        await learning[0].ConfigureAwait(false);
        // The cues' expression takes ~0.1 CPU-s to build, once: built now, beside the candidate stage, not when Find
        // starts, where every worker but the one building it would wait.
        cuesBuilt = Task.Run(static () => FurnitureCues.Classify("Related"));
        this.documents = documents;
        spans = model.DistinctLines > 0 ? new BoilerplateSpans(model, documents) : null;
    }

    /// <summary>
    /// <paramref name="alignment"/> of two documents (<paramref name="a"/> and <paramref name="b"/> their tokens)
    /// without the runs inside learned boilerplate: furniture two pages share is not evidence that one reuses the other.
    /// </summary>
    public Alignment RemoveFrom(Alignment alignment, int documentA, ReadOnlySpan<char> textA, ReadOnlySpan<Token> a, int documentB, ReadOnlySpan<char> textB, ReadOnlySpan<Token> b)
    {
        if (spans is null)
        {
            return alignment;
        }

        var furnitureA = spans.Of(documentA, textA, a);
        var furnitureB = spans.Of(documentB, textB, b);
        return furnitureA.Count > 0 || furnitureB.Count > 0
            ? AlignmentFilter.RemoveBoilerplate(alignment, a, b, furnitureA, furnitureB)
            : alignment;
    }

    /// <summary>
    /// The furniture of related documents, by document then offset: blocks spliced into one copy of a story
    /// (<see cref="FurnitureKind.Intrusion"/>) and learned lines (<see cref="FurnitureKind.Boilerplate"/>).
    /// </summary>
    public List<Furniture> Find(IReadOnlyList<Story> stories, IReadOnlyList<Relation> relations, TextStore texts, ParallelOptions parallel)
    {
        cuesBuilt.GetAwaiter().GetResult();
        var found = new ConcurrentBag<Furniture>();
        var detector = new IntrusionDetector();
        new WorkerStates<StoryTexts>(static () => new StoryTexts()).For(0, stories.Count, parallel, (i, room) =>
        {
            // The story's relations (its tree in tree mode) are the evidence; reprinted passages are not: their spans,
            // widened to what all members share, cleared parts of spliced teaser blocks (9 of 4,365 spans at 100k).
            foreach (var intrusion in detector.Detect(stories[i], texts, room, null, TokenCountOf))
            {
                found.Add(new Furniture(intrusion.Document, intrusion.Span, FurnitureKind.Intrusion, intrusion.Reason, intrusion.Score));
            }
        });

        if (spans is { } learned)
        {
            var related = new HashSet<int>();
            foreach (var r in relations)
            {
                related.Add(r.A);
                related.Add(r.B);
            }

            Parallel.ForEach(related, parallel, d =>
            {
                foreach (var span in learned.Of(d, texts.Get))
                {
                    found.Add(new Furniture(d, span, FurnitureKind.Boilerplate, "recurs across unrelated documents", 1));
                }
            });
        }

        var list = found.ToList();
        list.Sort(static (x, y) => x.Document != y.Document ? x.Document.CompareTo(y.Document) : x.Span.Start.CompareTo(y.Span.Start));
        return list;
    }

    // A document's tokens as the scan counted them; unknown (null) for a text too short to fingerprint, whose count
    // the fingerprint leaves at 0.
    private int? TokenCountOf(int document) => documents is { } known && known[document].Tokens > 0 ? known[document].Tokens : null;

    /// <summary>Learned boilerplate spans of documents, computed once each (a document sits in many pairs).</summary>
    private sealed class BoilerplateSpans(BoilerplateModel model, IReadOnlyList<DocumentInfo> documents)
    {
        // Lazy: workers asking for one document at once wait for one computation (a huge document costs seconds).
        private readonly ConcurrentDictionary<int, Lazy<IReadOnlyList<TextSpan>>> cache = new();
        private int count; // ConcurrentDictionary.Count takes every lock: asked on each call, it was the run's most contended lock

        // The text is read only when the document's spans are not known yet (most related documents were verified).
        public IReadOnlyList<TextSpan> Of(int document, Func<int, string> text)
        {
            if (!cache.TryGetValue(document, out var spans))
            {
                var created = new Lazy<IReadOnlyList<TextSpan>>(() => model.Spans(text(document), SourceOf(document)));
                spans = Add(document, created);
            }

            return spans.Value;
        }

        // With the document's tokens at hand its lines are hashed from them (not tokenized again), at once: cheap
        // enough that two workers asking at the same moment may both do it.
        public IReadOnlyList<TextSpan> Of(int document, ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens)
        {
            if (!cache.TryGetValue(document, out var spans))
            {
                spans = Add(document, new Lazy<IReadOnlyList<TextSpan>>(model.Spans(text, tokens, SourceOf(document))));
            }

            return spans.Value;
        }

        private string? SourceOf(int document) => BoilerplateModel.SourceOf(documents[document].Source, documents[document].Url);

        private Lazy<IReadOnlyList<TextSpan>> Add(int document, Lazy<IReadOnlyList<TextSpan>> created)
        {
            if (Volatile.Read(ref count) > 65_536)
            {
                cache.Clear();
                Volatile.Write(ref count, 0);
            }

            var spans = cache.GetOrAdd(document, created);
            if (ReferenceEquals(spans, created))
            {
                Interlocked.Increment(ref count);
            }

            return spans;
        }
    }
}
