using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using NearDup.Boilerplate;
using NearDup.Group;
using NearDup.Passages;
using NearDup.Relate;

namespace NearDup.Pipeline;

/// <summary>The furniture stage: boilerplate learned from the corpus and intrusions spliced into copies.</summary>
public sealed partial class ScanPipeline
{
    private static List<Furniture> FindFurniture(IReadOnlyList<Story> stories, List<Relation> relations, IReadOnlyList<PassageCluster> passages,
        BoilerplateSpans? boilerplate, TextStore texts, ParallelOptions parallel)
    {
        var found = new ConcurrentBag<Furniture>();
        var detector = new IntrusionDetector();
        var clustersOf = new Dictionary<int, List<PassageCluster>>();
        foreach (var cluster in passages)
        {
            foreach (var member in cluster.Members)
            {
                ref var ofMember = ref CollectionsMarshal.GetValueRefOrAddDefault(clustersOf, member.Document, out _);
                (ofMember ??= []).Add(cluster);
            }
        }

        Parallel.For(0, stories.Count, parallel, i =>
        {
            foreach (var intrusion in detector.Detect(stories[i], texts.Get, SharedText(stories[i], clustersOf)))
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

    // Per member of the story, the reprinted passages it shares with another member: the detector's evidence beside
    // the story's relations (tree mode aligns a copy with one or two others only).
    private static Dictionary<int, List<TextSpan>>? SharedText(Story story, Dictionary<int, List<PassageCluster>> clustersOf)
    {
        Dictionary<int, List<TextSpan>>? shared = null;
        foreach (int d in story.Members)
        {
            if (!clustersOf.TryGetValue(d, out var clusters))
            {
                continue;
            }

            foreach (var cluster in clusters)
            {
                PassageMember? own = null;
                bool other = false;
                foreach (var m in cluster.Members)
                {
                    if (m.Document == d)
                    {
                        own = m;
                    }
                    else if (!other && InStory(story, m.Document))
                    {
                        other = true;
                    }
                }

                if (other && own is { } span)
                {
                    shared ??= [];
                    ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(shared, d, out _);
                    (list ??= []).Add(span.Span);
                }
            }
        }

        return shared;
    }

    // Story members are in ordinal order.
    private static bool InStory(Story story, int document)
    {
        var members = story.Members;
        int lo = 0, hi = members.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (members[mid] == document)
            {
                return true;
            }

            if (members[mid] < document)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return false;
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
