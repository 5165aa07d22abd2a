using System.Collections.Concurrent;
using NearDup.Group;

namespace NearDup.Index;

/// <summary>
/// The group stage's word-similarity merging (<see cref="StoryGrouper"/>), made incremental. Each indexed document's
/// word counts, the document frequencies and an inverted index of the words few documents hold give a new document's
/// nearest earlier documents by tf-idf cosine (the scan's weights at the current counts, the scan's pruned search):
/// those are its edges, as in the scan's graph, weighed by the scan's pair rule (<see cref="StoryGrouper.WordSimilarity"/>).
/// Each story keeps the summed similarity of its edges to every other story, as the scan's clustering does, and a
/// story merges with another while the mean over all their member pairs (pairs without an edge count 0) passes the
/// cut, best first. Stories merge only as wholes, so one weak link cannot chain two. After a batch the stories it
/// touched are clustered again from their members' edges and split where an earlier merge no longer passes.
/// </summary>
/// <remarks>
/// Cost of an add: the search reads at most <see cref="SearchTerms"/> posting lists of at most <see cref="MaxPostings"/>
/// documents and rescores 4 × <see cref="GroupOptions.Neighbours"/> (each a vector computed from its counts); a merge
/// folds the smaller story's sums into the larger's; a regroup (<see cref="Regroup"/>) clusters a touched story's
/// members' edges again. Memory: a document's word counts (~8 bytes a distinct word), up to
/// <see cref="GroupOptions.Neighbours"/> edge sums, its edges (20 bytes each, <see cref="WordEdges"/>) and bonds. An edge keeps the cosine of when it was found: unlike the
/// scan, which weighs all words at the final counts, early edges are not weighed again (but see <see cref="WarmUp"/>).
/// Not thread-safe, except <see cref="Nearest"/> and <see cref="StoryFor"/> beside each other (they change nothing
/// but the kept vectors, a reference each): the index changes it under its write gate (and a write lock that matches'
/// <see cref="StoryFor"/> read under), and in a large index searches a batch's documents in parallel (held first,
/// then placed in order). Each concurrent search has a scratch of its own: a float per document and per word.
/// </remarks>
internal sealed class WordStories
{
    /// <summary>The heaviest words of a document that its search reads (the scan's <c>searchTerms</c>).</summary>
    internal const int SearchTerms = 32;

    /// <summary>A word in more documents than this is not searched (the scan's cap at 20,000 documents and over).</summary>
    internal const int MaxPostings = 200;

    /// <summary>
    /// Documents held before any edge is found: in a handful of documents nearly every word is rare and cosines run
    /// high. The document that reaches the count finds the edges of all held so far (each with those before it), at
    /// the counts of all of them, and the next <see cref="MergeByAverageLink"/> weighs all their stories.
    /// </summary>
    internal const int WarmUp = 100;

    private readonly StoryGrouper grouper;
    private readonly GroupOptions options;
    private readonly Dictionary<ulong, int> termIds = [];
    private readonly PostingTable postings = new(); // term id + 1 → documents holding it, while it is rare
    private readonly Dictionary<long, List<long>> members = []; // story → its members' numbers
    private readonly Dictionary<long, Dictionary<long, double>> adjacency = []; // story → other story → summed edge similarity
    private readonly HashSet<(long, long)> weakLinks = []; // (smaller, larger) numbers joined by a weak relation
    private readonly Dictionary<long, List<long>> bonds = []; // document → those a bond (a copy relation) joins it to
    private readonly Dictionary<long, List<long>> weakPartners = [];
    private readonly Dictionary<long, int> wholeAt = []; // story → its members when a regroup last left it whole
    private int[] documentFrequency = new int[1024];
    private (int Term, float Count)[]?[] rows = new (int, float)[]?[1024]; // by document number
    private long[] storyOf = new long[1024];
    private readonly WordEdges edges = new(); // by document, both ends (a float is ample for a mean against the cut)
    private readonly Search serial = new(); // the scratch of searches made one at a time
    private readonly ConcurrentBag<Search> searches = []; // those of Nearest, one per concurrent search
    private double logCount; // ln Count
    private bool warmedUp; // the warm-up found edges the next MergeByAverageLink must weigh

    // Each document's weighed vector, kept (from KeepWeighedFrom documents on) until the index has grown a quarter since (the weights drift slowly: ln of the count over the document
    // frequency): a candidate is rescored many times, and weighing it again at every batch was most of the warm-up.
    // One object, so that concurrent searches never see half of one.

    /// <summary>
    /// Documents held from which, by default, weighed vectors are kept: a batch of 100 moves ln(n / df) by less than
    /// 0.1 there, and the labelled sets (ECB+: 496 articles) and the tests' corpora stay below it, weighed exactly.
    /// </summary>
    internal const int KeepWeighedFromDefault = 1_000;
    private Weighed?[] weighed = new Weighed?[1024];

    private sealed record Weighed((int Term, float Weight)[] Vector, float Shared, int At);

    // Scratch of one search: a query's weights by term id, partial scores by document number, the heaviest words,
    // a posting list, the rank heap and a vector being weighed.
    private sealed class Search
    {
        public float[] Dense = [];
        public float[] Scores = [];
        public readonly List<long> Touched = [];
        public readonly List<(int Term, float Weight)> Heaviest = [];
        public readonly List<IndexPosting> Postings = [];
        public readonly List<(int Term, float Weight)> Weighing = [];
        public ulong[] RankHeap = [];
    }

    /// <param name="options">The group stage's options.</param>
    /// <param name="keepWeighedFrom">
    /// Documents held from which each document's weighed vector is kept until the index grows a quarter (below it,
    /// weighed again at every batch's counts). By default <see cref="KeepWeighedFromDefault"/>.
    /// </param>
    public WordStories(GroupOptions options, int keepWeighedFrom = KeepWeighedFromDefault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepWeighedFrom, WarmUp);
        grouper = new StoryGrouper(options);
        this.options = grouper.Options;
        KeepWeighedFrom = keepWeighedFrom;
    }

    /// <summary>Documents held from which weighed vectors are kept.</summary>
    public int KeepWeighedFrom { get; }

    /// <summary>Documents held.</summary>
    public int Count { get; private set; }

    /// <summary>Whether edges are found (<see cref="WarmUp"/> documents held).</summary>
    public bool Weighing => Count >= WarmUp;

    public long StoryOf(long number) => storyOf[number];

    /// <summary>Numbers of the documents held, ascending.</summary>
    public IEnumerable<long> Held()
    {
        for (long n = 0; n < rows.Length; n++)
        {
            if (rows[n] is not null)
            {
                yield return n;
            }
        }
    }

    /// <summary>
    /// Holds document <paramref name="number"/> (above every number held) with its word counts, in no story yet and
    /// without edges: a batch's documents are held first, then searched (<see cref="Nearest"/>, in parallel), then
    /// placed in order (<see cref="Place"/>).
    /// </summary>
    public void Hold(long number, (ulong Hash, float Count)[] counted)
    {
        Grow(number);
        var row = new (int, float)[counted.Length];
        for (int i = 0; i < counted.Length; i++)
        {
            if (!termIds.TryGetValue(counted[i].Hash, out int term))
            {
                termIds[counted[i].Hash] = term = termIds.Count;
                if (term >= documentFrequency.Length)
                {
                    Array.Resize(ref documentFrequency, documentFrequency.Length * 2);
                }
            }

            row[i] = (term, counted[i].Count);
            if (++documentFrequency[term] <= MaxPostings)
            {
                postings.Add((ulong)term + 1, number);
            }
        }

        rows[number] = row;
        Count++;
        logCount = Math.Log(Count);
    }

    /// <summary>
    /// Puts held document <paramref name="number"/> in <paramref name="story"/>, with its weak partners (same_story or
    /// substantial partial relations, <see cref="IsWeakLink"/>), whose pairs the weak link vouches for; its edges come
    /// with its batch's (<see cref="Connect"/>).
    /// </summary>
    public void Place(long number, long story, IReadOnlyCollection<long> weakPartners) => Link(number, story, weakPartners);

    /// <summary>
    /// Adds the edges of a batch's documents (held and placed) to their stories' sums, as the scan's graph has them:
    /// each one's nearest among all documents held (<paramref name="nearest"/>, from <see cref="Nearest"/>: the batch's
    /// later documents too), each pair once, and its weak partners. The batch that completes the warm-up connects
    /// every document held, and the next <see cref="MergeByAverageLink"/> weighs all their stories.
    /// </summary>
    public void Connect(IReadOnlyList<long> batch, IReadOnlyList<List<(long Other, double Cosine, float Shared)>> nearest)
    {
        if (!Weighing)
        {
            return;
        }

        var met = new HashSet<(long, long)>(); // pairs connected: where both are among each other's nearest, once
        if (Count - batch.Count < WarmUp)
        {
            var searched = new Dictionary<long, int>(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                searched[batch[i]] = i;
            }

            foreach (long held in Held())
            {
                FindEdges(held, searched.TryGetValue(held, out int i) ? nearest[i] : Neighbours(held, serial), met);
            }

            warmedUp = true;
            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            FindEdges(batch[i], nearest[i], met);
        }
    }

    private void Link(long number, long story, IReadOnlyCollection<long> weakPartners)
    {
        storyOf[number] = story;
        if (!members.TryGetValue(story, out var list))
        {
            members[story] = list = [];
        }

        list.Add(number);
        foreach (long other in weakPartners)
        {
            if (other != number && weakLinks.Add(PairOf(other, number)))
            {
                Partners(other).Add(number);
                Partners(number).Add(other);
            }
        }
    }

    // Adds a document's edges to its story's sums, each pair not met yet: its k nearest by words, as in the scan's
    // graph, then its weak partners (vouched for: the cosine counts whatever the full cosine, plus the weak link).
    private void FindEdges(long number, List<(long Other, double Cosine, float Shared)> found, HashSet<(long, long)> met)
    {
        int k = options.Neighbours;
        var vouched = weakPartners.GetValueOrDefault(number);
        var vectorA = Vector(number, out float shared, serial.Weighing);
        Fit(serial);
        var dense = serial.Dense;
        Spread(dense, vectorA);
        for (int r = 0; r < found.Count; r++)
        {
            var (other, cosine, otherShared) = found[r];
            bool weak = vouched?.Contains(other) == true;
            if ((r < k || weak) && met.Add(PairOf(number, other)))
            {
                AddEdge(number, other, grouper.WordSimilarity(cosine, cosine * shared * otherShared, weak));
            }
        }

        foreach (long other in vouched ?? [])
        {
            if (rows[other] is not null && !found.Exists(f => f.Other == other) && met.Add(PairOf(number, other)))
            {
                double cosine = Dot(dense, Vector(other, out _, serial.Weighing));
                AddEdge(number, other, grouper.WordSimilarity(cosine >= options.MinSimilarity ? cosine : 0, 0, vouched: true));
            }
        }

        Clear(dense, vectorA);
    }

    private static (long, long) PairOf(long a, long b) => a < b ? (a, b) : (b, a);

    private void AddEdge(long a, long b, double similarity)
    {
        if (similarity <= 0)
        {
            return;
        }

        // Kept at both ends: a regroup reads a story's inner edges, and a split part's edges to other stories.
        edges.Add(a, b, (float)similarity);
        long sa = storyOf[a], sb = storyOf[b];
        if (sa == sb)
        {
            return;
        }

        var fromA = Adjacent(sa);
        double sum = fromA.GetValueOrDefault(sb) + similarity;
        fromA[sb] = sum;
        Adjacent(sb)[sa] = sum;
    }

    private Dictionary<long, double> Adjacent(long story)
    {
        if (!adjacency.TryGetValue(story, out var next))
        {
            adjacency[story] = next = [];
        }

        return next;
    }

    /// <summary>Merges two stories as the index does: the smaller number survives.</summary>
    public void Merge(long a, long b) => MergeInto(Math.Min(a, b), Math.Max(a, b));

    /// <summary>Merges story <paramref name="drop"/> into <paramref name="keep"/>, which keeps its number.</summary>
    public void MergeInto(long keep, long drop)
    {
        if (keep == drop || !members.Remove(drop, out var moved))
        {
            return;
        }

        wholeAt.Remove(drop);

        foreach (long m in moved)
        {
            storyOf[m] = keep;
        }

        // The sums of both to every other story add up (the scan's cluster adjacency).
        if (adjacency.Remove(drop, out var dropped))
        {
            var kept = Adjacent(keep);
            kept.Remove(drop);
            foreach (var (other, sum) in dropped)
            {
                if (other == keep)
                {
                    continue;
                }

                var back = adjacency[other];
                back.Remove(drop);
                double total = kept.GetValueOrDefault(other) + sum;
                kept[other] = total;
                back[keep] = total;
            }
        }

        if (members.TryGetValue(keep, out var keptMembers))
        {
            keptMembers.AddRange(moved);
        }
        else
        {
            members[keep] = moved;
        }
    }

    /// <summary>Documents <paramref name="a"/> and <paramref name="b"/> are bound (a copy relation): no regroup parts them.</summary>
    public void Bind(long a, long b)
    {
        if (a == b)
        {
            return;
        }

        var fromA = bonds.TryGetValue(a, out var list) ? list : bonds[a] = [];
        if (!fromA.Contains(b))
        {
            fromA.Add(b);
            (bonds.TryGetValue(b, out var back) ? back : bonds[b] = []).Add(a);
        }
    }

    /// <summary>Stories of more members than this are not regrouped (a regroup costs its members' edges).</summary>
    internal const int RegroupCap = 1_000;

    /// <summary>
    /// Clusters the stories of <paramref name="documents"/> again, each from its own members' edges and bonds, with the
    /// scan's average link (<see cref="StoryGrouper.AverageLink"/>), and splits a story where a merge made in an
    /// earlier batch no longer passes as a whole: the largest part keeps the story's number (ties: the part with the
    /// smallest member), each other part takes the number of its smallest member that names no story. Stories of more
    /// than <see cref="RegroupCap"/> members are left as they are. Returns the new parts' numbers; their members are
    /// added to <paramref name="moved"/>.
    /// </summary>
    public HashSet<long> Regroup(IEnumerable<long> documents, HashSet<long> moved)
    {
        var parts = new HashSet<long>();
        foreach (var joined in documents.GroupBy(d => storyOf[d]).ToList())
        {
            long story = joined.Key;
            if (!members.TryGetValue(story, out var list) || list.Count < 2 || list.Count > RegroupCap)
            {
                continue;
            }

            if ((list.Count == 2 && Whole(list)) || JoinsWhole(story, list.Count, joined))
            {
                wholeAt[story] = list.Count;
                continue;
            }

            var split = Cluster(list);
            wholeAt[story] = split[0].Count;
            if (split.Count < 2)
            {
                continue;
            }

            adjacency.Remove(story, out var old);
            foreach (long other in old?.Keys ?? Enumerable.Empty<long>())
            {
                adjacency[other].Remove(story);
            }

            members[story] = split[0];
            var named = new List<long> { story };
            for (int p = 1; p < split.Count; p++)
            {
                long? free = null;
                foreach (long m in split[p])
                {
                    if (!members.ContainsKey(m))
                    {
                        free = m;
                        break;
                    }
                }

                if (free is not { } part)
                {
                    split[0].AddRange(split[p]); // every member names a story (never seen): stays in the larger part
                    continue;
                }

                members[part] = split[p];
                wholeAt[part] = split[p].Count;
                foreach (long m in split[p])
                {
                    storyOf[m] = part;
                    moved.Add(m);
                }

                parts.Add(part);
                named.Add(part);
            }

            foreach (long part in named)
            {
                Reconnect(part);
            }
        }

        return parts;
    }

    // Whether a story left whole by its last regroup stays whole with one new member, every edge of which to the others
    // passes the cut on its own (the merge is sound, not one an average of weak and strong edges let through): a
    // regroup a batch need not make (most stories a batch touches have one new member).
    private bool JoinsWhole(long story, int size, IEnumerable<long> joined)
    {
        if (wholeAt.GetValueOrDefault(story) != size - 1 || joined.Skip(1).Any())
        {
            return false;
        }

        bool inner = false;
        foreach (var (other, similarity) in edges.Of(joined.First()))
        {
            if (storyOf[other] == story)
            {
                if (!grouper.Merges(similarity, 1, 1))
                {
                    return false;
                }

                inner = true;
            }
        }

        return inner;
    }

    // Whether a story of two members stays whole, as Cluster would find (and sorted as it leaves them), without its
    // allocations (a batch touches many pairs).
    private bool Whole(List<long> pair)
    {
        if (pair[0] > pair[1])
        {
            (pair[0], pair[1]) = (pair[1], pair[0]);
        }

        if (bonds.GetValueOrDefault(pair[0])?.Contains(pair[1]) == true)
        {
            return true;
        }

        double sum = 0;
        foreach (var (other, similarity) in edges.Of(pair[0]))
        {
            if (other == pair[1])
            {
                sum += similarity;
            }
        }

        return grouper.Merges(sum, 1, 1);
    }

    // A story's members (ascending) clustered from their edges among themselves and their bonds: the parts,
    // largest first (ties: smallest first member), each ascending.
    private List<List<long>> Cluster(List<long> list)
    {
        list.Sort();
        int n = list.Count;
        var ordinal = new Dictionary<long, int>(n);
        var parent = new int[n];
        var size = new int[n];
        for (int i = 0; i < n; i++)
        {
            ordinal[list[i]] = i;
            parent[i] = i;
            size[i] = 1;
        }

        var inner = new List<(int A, int B, double Similarity)>();
        for (int i = 0; i < n; i++)
        {
            foreach (var (other, similarity) in edges.Of(list[i]))
            {
                if (ordinal.TryGetValue(other, out int j) && i < j)
                {
                    inner.Add((i, j, similarity));
                }
            }

            foreach (long other in bonds.GetValueOrDefault(list[i]) ?? [])
            {
                if (ordinal.TryGetValue(other, out int j))
                {
                    StoryGrouper.Bind(parent, size, i, j);
                }
            }
        }

        grouper.AverageLink(parent, size, inner);
        var byRoot = new Dictionary<int, List<long>>();
        for (int i = 0; i < n; i++)
        {
            int root = StoryGrouper.ClusterOf(parent, i);
            (byRoot.TryGetValue(root, out var part) ? part : byRoot[root] = []).Add(list[i]);
        }

        return [.. byRoot.Values.OrderByDescending(p => p.Count).ThenBy(p => p[0])];
    }

    // A story's sums to every other story, summed again from its members' edges (after a split).
    private void Reconnect(long story)
    {
        var sums = new Dictionary<long, double>();
        foreach (long m in members[story])
        {
            foreach (var (other, similarity) in edges.Of(m))
            {
                long to = storyOf[other];
                if (to != story)
                {
                    sums[to] = sums.GetValueOrDefault(to) + similarity;
                }
            }
        }

        adjacency.Remove(story);
        foreach (var (other, sum) in sums)
        {
            Adjacent(story)[other] = sum;
            Adjacent(other)[story] = sum;
        }
    }

    private List<long> Partners(long number)
    {
        if (!weakPartners.TryGetValue(number, out var list))
        {
            weakPartners[number] = list = [];
        }

        return list;
    }

    /// <summary>Whether a relation of <paramref name="kind"/> is evidence here rather than a bond (the group stage's rule).</summary>
    public bool IsWeakLink(Relate.RelationKind kind, double coverageA, double coverageB) => grouper.IsWeakLink(kind, coverageA, coverageB);

    /// <summary>
    /// Merges stories by average link, best pair first, as the scan's clustering does over a whole corpus, from the
    /// pairs of <paramref name="touched"/> stories (those of a batch's new documents; every story after the warm-up) with their neighbours: a pair
    /// merges while the mean similarity over all member pairs of the two (pairs without an edge count 0) passes
    /// <see cref="GroupOptions.Threshold"/>, then the merged story's pairs are weighed again. <paramref name="merge"/>
    /// merges two stories everywhere (here through <see cref="Merge"/>) and returns the survivor.
    /// Returns the documents it started from (every one held after the warm-up).
    /// </summary>
    public IReadOnlyList<long> MergeByAverageLink(IEnumerable<long> touched, Func<long, long, long> merge)
    {
        if (warmedUp)
        {
            touched = Held(); // the warm-up found the edges of every document held
            warmedUp = false;
        }

        var from = touched.ToList();

        var version = new Dictionary<long, int>();
        var queue = new PriorityQueue<(long A, long B, int VersionA, int VersionB), double>();
        foreach (long story in from.Select(t => storyOf[t]).Distinct())
        {
            Push(queue, story, version);
        }

        while (queue.TryDequeue(out var top, out _))
        {
            if (version.GetValueOrDefault(top.A) != top.VersionA || version.GetValueOrDefault(top.B) != top.VersionB
                || !members.ContainsKey(top.A) || !members.ContainsKey(top.B))
            {
                continue; // stale: one side has merged since
            }

            long kept = merge(top.A, top.B);
            version[kept] = version.GetValueOrDefault(kept) + 1;
            Push(queue, kept, version);
        }

        return from;
    }

    // Queues the pairs of a story whose mean passes the cut, best first (ties to the smaller numbers).
    private void Push(PriorityQueue<(long, long, int, int), double> queue, long story, Dictionary<long, int> version)
    {
        int size = members[story].Count;
        foreach (var (other, sum) in adjacency.GetValueOrDefault(story) ?? [])
        {
            int otherSize = members[other].Count;
            if (grouper.Merges(sum, size, otherSize))
            {
                var (a, b) = story < other ? (story, other) : (other, story);
                queue.Enqueue((a, b, version.GetValueOrDefault(a), version.GetValueOrDefault(b)), -sum / ((double)size * otherSize));
            }
        }
    }

    /// <summary>
    /// Document <paramref name="number"/>'s nearest held documents numbered below it, by tf-idf cosine, with cosine at least <see cref="GroupOptions.MinSimilarity"/>: the scan's
    /// search (<see cref="TermVectors.FindPairs"/>): its heaviest words' posting lists (words in more than 1 % of the
    /// documents, at least 50 and at most 200, left out), then the 4 × k best partial scores rescored exactly. All
    /// rescored with cosine at least the minimum come back, best first, each with its share of the full norm.
    /// </summary>
    public List<(long Other, double Cosine, float Shared)> Neighbours(long number) => Neighbours(number, serial);

    /// <summary>
    /// <see cref="Neighbours(long)"/> for a held document, safe to call from several threads at once while nothing is
    /// held, placed or merged (a batch's documents are searched so, at the counts of the whole batch).
    /// </summary>
    public List<(long Other, double Cosine, float Shared)> Nearest(long number)
    {
        if (!searches.TryTake(out var search))
        {
            search = new Search();
        }

        try
        {
            return Neighbours(number, search);
        }
        finally
        {
            searches.Add(search);
        }
    }

    /// <summary>
    /// The story a document not held would join by its words (<paramref name="counted"/>, as for <see cref="Hold"/>),
    /// were it added now: its edges to the held documents found as an add finds them (weighed as if it were held), and
    /// of the stories whose mean over its pairs with their members passes the cut, the best; null when none does or
    /// before the warm-up. Changes nothing: safe beside <see cref="Nearest"/> and other calls of itself.
    /// </summary>
    public long? StoryFor((ulong Hash, float Count)[] counted, IReadOnlyCollection<long> weakPartners)
    {
        if (!Weighing)
        {
            return null;
        }

        if (!searches.TryTake(out var search))
        {
            search = new Search();
        }

        try
        {
            Fit(search);
            var vectorA = QueryVector(counted, out float shared);
            var sums = new Dictionary<long, double>();
            var found = Neighbours(vectorA, -1, search);
            for (int r = 0; r < found.Count; r++)
            {
                var (other, cosine, otherShared) = found[r];
                bool weak = weakPartners.Contains(other);
                if (r < options.Neighbours || weak)
                {
                    long story = storyOf[other];
                    sums[story] = sums.GetValueOrDefault(story) + grouper.WordSimilarity(cosine, cosine * shared * otherShared, weak);
                }
            }

            Spread(search.Dense, vectorA);
            foreach (long other in weakPartners)
            {
                if (other < rows.Length && rows[other] is not null && !found.Exists(f => f.Other == other))
                {
                    double cosine = Dot(search.Dense, Vector(other, out _, search.Weighing));
                    long story = storyOf[other];
                    sums[story] = sums.GetValueOrDefault(story) + grouper.WordSimilarity(cosine >= options.MinSimilarity ? cosine : 0, 0, vouched: true);
                }
            }

            Clear(search.Dense, vectorA);
            long? best = null;
            double bestMean = 0;
            foreach (var (story, sum) in sums)
            {
                int size = members.TryGetValue(story, out var list) ? list.Count : 0;
                double mean = size == 0 ? 0 : sum / size;
                if (size > 0 && grouper.Merges(sum, 1, size) && (mean > bestMean || (mean == bestMean && story < best)))
                {
                    (best, bestMean) = (story, mean);
                }
            }

            return best;
        }
        finally
        {
            searches.Add(search);
        }
    }

    // A document's tf-idf vector as Vector weighs a held one, were it held too (each word in one document more).
    private (int Term, float Weight)[] QueryVector((ulong Hash, float Count)[] counted, out float shared)
    {
        var into = new List<(int Term, float Weight)>(counted.Length);
        double logHeld = Math.Log(Count + 1);
        double norm = 0, full = 0;
        foreach (var (hash, count) in counted)
        {
            bool held = termIds.TryGetValue(hash, out int term);
            Weigh(term, count, held ? documentFrequency[term] + 1 : 1, logHeld, into, ref norm, ref full);
        }

        return Normalized(into, norm, full, out shared);
    }

    // One word's weight, TermVectorBuilder.Weight with logarithms from a table: kept when some other document holds
    // the word too; every word counts in the full norm.
    private static void Weigh(int term, float count, int documents, double logHeld, List<(int Term, float Weight)> into, ref double norm, ref double full)
    {
        double weight = (1 + Log(count)) * (logHeld - Log(documents));
        full += weight * weight;
        if (documents >= 2 && weight > 0)
        {
            into.Add((term, (float)weight));
            norm += weight * weight;
        }
    }

    // The kept weights L2-normalized over themselves; shared is their share of the full norm.
    private static (int Term, float Weight)[] Normalized(List<(int Term, float Weight)> into, double norm, double full, out float shared)
    {
        float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        var vector = new (int, float)[into.Count];
        for (int k = 0; k < vector.Length; k++)
        {
            vector[k] = (into[k].Term, into[k].Weight * scale);
        }

        shared = full > 0 ? (float)Math.Sqrt(norm / full) : 0;
        return vector;
    }

    private List<(long Other, double Cosine, float Shared)> Neighbours(long number, Search search)
    {
        Fit(search);
        return Neighbours(Vector(number, out _, search.Weighing), number, search);
    }

    // The held documents but `self` nearest to vectorA (see Neighbours(long)).
    private List<(long Other, double Cosine, float Shared)> Neighbours((int Term, float Weight)[] vectorA, long self, Search search)
    {
        var (scores, dense, touched, heaviest) = (search.Scores, search.Dense, search.Touched, search.Heaviest);
        int cap = Math.Clamp((int)(0.01 * Count), 50, MaxPostings);
        Heaviest(vectorA, heaviest);
        for (int h = 0; h < heaviest.Count; h++)
        {
            var (term, weight) = heaviest[h];
            if (documentFrequency[term] > cap)
            {
                continue;
            }

            float idf = (float)(logCount - Log(documentFrequency[term]));
            var postingList = search.Postings;
            postingList.Clear();
            postings.Read(PostingKind.Winnow, (ulong)term + 1, cap, postingList);
            foreach (var p in postingList)
            {
                long other = p.Document;
                if (other == self)
                {
                    continue;
                }

                if (scores[other] == 0)
                {
                    touched.Add(other);
                }

                // A rank, not the cosine: the word's idf stands for the other's weight (its count and norm are not
                // read here); the best 4 × k are rescored exactly.
                scores[other] += weight * idf;
            }
        }

        // The best partial scores in a min-heap (the scan's keys: score, then smaller number), then best first.
        int rescored = 4 * options.Neighbours;
        if (search.RankHeap.Length < rescored)
        {
            search.RankHeap = new ulong[rescored];
        }

        var rankHeap = search.RankHeap;
        int ranked = 0;
        foreach (long other in touched)
        {
            ulong key = ((ulong)BitConverter.SingleToUInt32Bits(scores[other]) << 32) | ~(uint)other;
            scores[other] = 0;
            if (ranked < rescored)
            {
                rankHeap[ranked++] = key;
                TermVectors.SiftUp(rankHeap, ranked - 1);
            }
            else if (key > rankHeap[0])
            {
                rankHeap[0] = key;
                TermVectors.SiftDown(rankHeap, ranked);
            }
        }

        touched.Clear();
        Spread(dense, vectorA);
        var found = new List<(long, double, float)>(ranked);
        for (int r = 0; r < ranked; r++)
        {
            long other = ~(uint)rankHeap[r];
            double cosine = Dot(dense, Vector(other, out float shared, search.Weighing));
            if (cosine >= options.MinSimilarity)
            {
                found.Add((other, cosine, shared));
            }
        }

        Clear(dense, vectorA);
        found.Sort(static (x, y) => x.Item2 != y.Item2 ? y.Item2.CompareTo(x.Item2) : x.Item1.CompareTo(y.Item1));
        return found;
    }

    // The SearchTerms heaviest words of a vector, heaviest first (equal weights: smaller term first), kept in a sorted
    // window as they come: sorting the whole vector (hundreds of words) for its first 32 was a tenth of a search.
    private static void Heaviest(ReadOnlySpan<(int Term, float Weight)> vector, List<(int Term, float Weight)> heaviest)
    {
        heaviest.Clear();
        foreach (var word in vector)
        {
            if (heaviest.Count == SearchTerms && !Heavier(word, heaviest[^1]))
            {
                continue;
            }

            if (heaviest.Count == SearchTerms)
            {
                heaviest.RemoveAt(SearchTerms - 1);
            }

            int at = heaviest.Count;
            while (at > 0 && Heavier(word, heaviest[at - 1]))
            {
                at--;
            }

            heaviest.Insert(at, word);
        }

        static bool Heavier((int Term, float Weight) x, (int Term, float Weight) y) => x.Weight != y.Weight ? x.Weight > y.Weight : x.Term < y.Term;
    }

    // A search's scratch as large as the words and documents held.
    private void Fit(Search search)
    {
        if (search.Dense.Length < documentFrequency.Length)
        {
            search.Dense = new float[documentFrequency.Length];
        }

        if (search.Scores.Length < rows.Length)
        {
            search.Scores = new float[rows.Length];
        }
    }

    // The document's tf-idf vector at the current counts, as TermVectorBuilder.Build weighs it: words some other
    // document holds too, L2-normalized over those; shared is their share of the full norm.
    private (int Term, float Weight)[] Vector(long number, out float shared, List<(int Term, float Weight)> into)
    {
        if (weighed[number] is { } cached && (Count == cached.At || (cached.At >= KeepWeighedFrom && Count <= cached.At + (cached.At / 4))))
        {
            shared = cached.Shared;
            return cached.Vector;
        }

        into.Clear();
        double norm = 0, full = 0;
        foreach (var (term, count) in rows[number]!)
        {
            Weigh(term, count, documentFrequency[term], logCount, into, ref norm, ref full);
        }

        var vector = Normalized(into, norm, full, out shared);
        weighed[number] = new Weighed(vector, shared, Count);
        return vector;
    }

    // Natural logarithms of small whole numbers (counts and document frequencies mostly are): a vector is weighed
    // for every candidate rescored, and Math.Log per word was most of an add's word work.
    private static readonly double[] Logs = [.. Enumerable.Range(0, 4096).Select(i => i == 0 ? double.NegativeInfinity : Math.Log(i))];

    private static double Log(double x) => x < Logs.Length && x == Math.Floor(x) ? Logs[(int)x] : Math.Log(x);

    private static void Spread(float[] dense, ReadOnlySpan<(int Term, float Weight)> vector)
    {
        foreach (var (term, weight) in vector)
        {
            dense[term] = weight;
        }
    }

    private static void Clear(float[] dense, ReadOnlySpan<(int Term, float Weight)> vector)
    {
        foreach (var (term, _) in vector)
        {
            dense[term] = 0;
        }
    }

    private static double Dot(float[] dense, ReadOnlySpan<(int Term, float Weight)> vector)
    {
        double dot = 0;
        foreach (var (term, weight) in vector)
        {
            dot += dense[term] * weight;
        }

        return dot;
    }

    private void Grow(long number)
    {
        if (number >= rows.Length)
        {
            int size = (int)Math.Max(number + 1, rows.Length * 2L);
            Array.Resize(ref rows, size);
            Array.Resize(ref storyOf, size);
            Array.Resize(ref weighed, size);
        }
    }
}
