using System.Collections.Concurrent;
using NearDup.Boilerplate;
using NearDup.Group;
using NearDup.Relate;

namespace NearDup.Pipeline;

/// <summary>The furniture stage: boilerplate learned from the corpus and intrusions spliced into copies.</summary>
internal sealed partial class ScanPipeline
{
    private static List<Furniture> FindFurniture(IReadOnlyList<Story> stories, List<Relation> relations, BoilerplateSpans? boilerplate, TextStore texts, ParallelOptions parallel)
    {
        var found = new ConcurrentBag<Furniture>();
        var detector = new IntrusionDetector();
        Parallel.For(0, stories.Count, parallel, i =>
        {
            // The story's relations (its tree in tree mode) are the evidence; reprinted passages are not: their spans,
            // widened to what all members share, cleared parts of spliced teaser blocks (9 of 4,365 spans at 100k).
            foreach (var intrusion in detector.Detect(stories[i], texts.Get))
            {
                found.Add(new Furniture(intrusion.Document, intrusion.Span, FurnitureKind.Intrusion, intrusion.Reason, intrusion.Score));
            }
        });

        if (boilerplate is not null)
        {
            var related = new HashSet<int>();
            foreach (var r in relations)
            {
                related.Add(r.A);
                related.Add(r.B);
            }

            Parallel.ForEach(related, parallel, d =>
            {
                foreach (var span in boilerplate.Of(d, texts.Get(d)))
                {
                    found.Add(new Furniture(d, span, FurnitureKind.Boilerplate, "recurs across unrelated documents", 1));
                }
            });
        }

        var list = found.ToList();
        list.Sort(static (x, y) => x.Document != y.Document ? x.Document.CompareTo(y.Document) : x.Span.Start.CompareTo(y.Span.Start));
        return list;
    }

    /// <summary>Learned boilerplate spans of documents, computed once each (a document sits in many pairs).</summary>
    private sealed class BoilerplateSpans(BoilerplateModel model, List<DocumentInfo> documents)
    {
        // Lazy: workers asking for one document at once wait for one computation (a huge document costs seconds).
        private readonly ConcurrentDictionary<int, Lazy<IReadOnlyList<TextSpan>>> cache = new();

        public IReadOnlyList<TextSpan> Of(int document, string text)
        {
            if (cache.Count > 65_536)
            {
                cache.Clear();
            }

            return cache.GetOrAdd(document, static (d, state) => new Lazy<IReadOnlyList<TextSpan>>(() =>
                state.Model.Spans(state.Text, BoilerplateModel.SourceOf(state.Info[d].Source, state.Info[d].Url))),
                (Model: model, Info: documents, Text: text)).Value;
        }
    }
}
