using NearDup.Relate;

namespace NearDup.Group;

/// <summary>
/// Groups documents into stories as clusters that do not chain. Relations that say one text was made from another
/// (<see cref="GroupOptions.JoinKinds"/>) bind their documents; everything else is evidence on the edges of a sparse
/// graph (tf-idf cosine of each document's nearest neighbours, same_story and substantial partial relations, dense
/// vectors when weighed), and stories merge by average link: only while the mean similarity over all their member
/// pairs passes <see cref="GroupOptions.Threshold"/>. One weak link between two stories is a small share of their
/// pairs, so it cannot join them; a document joins the story whose members it matches best on average.
/// </summary>
/// <remarks>
/// Cost: the neighbour search (<see cref="TermVectors.FindPairs"/>, bounded per word), then O(E log E) merging over
/// the E edges, adjacency merged smaller into larger; near-linear in documents for a fixed neighbour count. With
/// <see cref="GroupOptions.VectorWeight"/> above 0 the dense neighbour search is exact, O(n²·d). Thread-safe.
/// </remarks>
internal sealed partial class StoryGrouper
{
    private readonly GroupOptions options;

    public StoryGrouper(GroupOptions? options = null)
    {
        this.options = options ?? new GroupOptions();
        this.options.Validate();
    }

    public GroupOptions Options => options;

    /// <summary>Groups <paramref name="documentCount"/> documents by <paramref name="relations"/> alone.</summary>
    public IReadOnlyList<Story> Group(
        int documentCount,
        IEnumerable<Relation> relations,
        ReadOnlySpan<int> tokenCounts,
        ReadOnlySpan<DateTimeOffset?> published = default) =>
        Group(documentCount, relations, tokenCounts, published, StoryEvidence.None);

    /// <summary>Groups <paramref name="documentCount"/> documents by <paramref name="relations"/> and <paramref name="evidence"/>.</summary>
    /// <param name="documentCount">Documents are ordinals 0 .. documentCount - 1.</param>
    /// <param name="relations">Relations between ordinals; any order, each pair once or more.</param>
    /// <param name="tokenCounts">Tokens per document, to choose the canonical member.</param>
    /// <param name="published">Publication times per document (empty when unknown): canonical ties go to the earliest,
    /// and <see cref="GroupOptions.MaxDaysApart"/> applies.</param>
    /// <param name="evidence">Word and document vectors and languages; <see cref="StoryEvidence.None"/> for none.</param>
    /// <returns>Stories ordered by smallest member; they partition the grouped documents (every document when
    /// <see cref="GroupOptions.IncludeSingletons"/> is set). A relation across two stories appears in neither.</returns>
    /// <exception cref="ArgumentException">A relation names an ordinal out of range, or the per-document inputs have
    /// the wrong length.</exception>
    public IReadOnlyList<Story> Group(
        int documentCount,
        IEnumerable<Relation> relations,
        ReadOnlySpan<int> tokenCounts,
        ReadOnlySpan<DateTimeOffset?> published,
        StoryEvidence evidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentCount);
        ArgumentNullException.ThrowIfNull(relations);
        ArgumentNullException.ThrowIfNull(evidence);
        if (tokenCounts.Length != documentCount)
        {
            throw new ArgumentException($"tokenCounts has {tokenCounts.Length} entries for {documentCount} documents.", nameof(tokenCounts));
        }

        if (!published.IsEmpty && published.Length != documentCount)
        {
            throw new ArgumentException($"published has {published.Length} entries for {documentCount} documents.", nameof(published));
        }

        CheckLength(evidence.Terms?.Count, documentCount, nameof(evidence.Terms));
        CheckLength(evidence.Vectors?.Count, documentCount, nameof(evidence.Vectors));
        CheckLength(evidence.Languages?.Count, documentCount, nameof(evidence.Languages));

        var all = new List<Relation>();
        foreach (var r in relations)
        {
            if (r is null)
            {
                throw new ArgumentException("relations holds a null entry.", nameof(relations));
            }

            if ((uint)r.A >= (uint)documentCount || (uint)r.B >= (uint)documentCount)
            {
                throw new ArgumentException($"Relation ({r.A}, {r.B}) names a document outside 0..{documentCount - 1}.", nameof(relations));
            }

            all.Add(r);
        }

        var dates = published.IsEmpty ? null : published.ToArray();
        int[] cluster = Cluster(documentCount, all, dates, evidence);
        return ToStories(cluster, all, tokenCounts, published);
    }

    private static void CheckLength(int? length, int documentCount, string name)
    {
        if (length is { } n && n != documentCount)
        {
            throw new ArgumentException($"evidence.{name} has {n} entries for {documentCount} documents.", "evidence");
        }
    }

    private IReadOnlyList<Story> ToStories(int[] cluster, List<Relation> all, ReadOnlySpan<int> tokenCounts, ReadOnlySpan<DateTimeOffset?> published)
    {
        var size = new int[cluster.Length];
        foreach (int c in cluster)
        {
            size[c]++;
        }

        // Members per cluster, in ordinal order; stories come out ordered by their smallest member.
        var storyOf = new int[cluster.Length];
        Array.Fill(storyOf, -1);
        var members = new List<List<int>>();
        for (int d = 0; d < cluster.Length; d++)
        {
            int c = cluster[d];
            if (size[c] < 2 && !options.IncludeSingletons)
            {
                continue;
            }

            if (storyOf[c] < 0)
            {
                storyOf[c] = members.Count;
                members.Add([]);
            }

            members[storyOf[c]].Add(d);
        }

        var inside = new List<Relation>[members.Count];
        for (int s = 0; s < inside.Length; s++)
        {
            inside[s] = [];
        }

        foreach (var r in all)
        {
            int c = cluster[r.A];
            if (c == cluster[r.B] && storyOf[c] >= 0)
            {
                inside[storyOf[c]].Add(r);
            }
        }

        var stories = new Story[members.Count];
        for (int s = 0; s < stories.Length; s++)
        {
            stories[s] = new Story(s, members[s], Canonical(members[s], tokenCounts, published), inside[s]);
        }

        return stories;
    }

    // Most tokens; then earliest published (unknown counts as latest); then smallest ordinal.
    private static int Canonical(List<int> members, ReadOnlySpan<int> tokenCounts, ReadOnlySpan<DateTimeOffset?> published)
    {
        int best = members[0];
        for (int k = 1; k < members.Count; k++)
        {
            int d = members[k];
            if (tokenCounts[d] != tokenCounts[best])
            {
                if (tokenCounts[d] > tokenCounts[best])
                {
                    best = d;
                }

                continue;
            }

            if (!published.IsEmpty && Earlier(published[d], published[best]))
            {
                best = d;
            }
        }

        return best;
    }

    private static bool Earlier(DateTimeOffset? x, DateTimeOffset? y) => x.HasValue && (!y.HasValue || x.Value < y.Value);
}
