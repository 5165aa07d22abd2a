using NearDup.Group;
using NearDup.Passages;
using NearDup.Read;
using NearDup.Relate;

namespace NearDup.Pipeline;

/// <summary>Everything a scan found, with the texts kept on disk so that reports can show the passages.</summary>
/// <remarks>Dispose it to delete the spilled texts.</remarks>
internal sealed class ScanResult : IDisposable
{
    private readonly TextStore texts;
    private readonly Task<(IReadOnlyList<Furniture> Furniture, ScanStats Stats)> tail;

    internal ScanResult(
        TextStore texts,
        IReadOnlyList<DocumentInfo> documents,
        IReadOnlyList<Relation> relations,
        IReadOnlyList<Story> stories,
        IReadOnlyList<Furniture> furniture,
        IReadOnlyList<InputProblem> problems,
        ScanStats stats,
        IReadOnlyList<PassageCluster>? passageClusters = null)
        : this(texts, documents, relations, stories, Task.FromResult((furniture, stats)), problems, stats.RelationsMode, passageClusters)
    {
    }

    /// <summary>A result whose furniture (and so its stats) is still being found (<paramref name="tail"/>): what
    /// comes before it in a report can be written meanwhile.</summary>
    internal ScanResult(
        TextStore texts,
        IReadOnlyList<DocumentInfo> documents,
        IReadOnlyList<Relation> relations,
        IReadOnlyList<Story> stories,
        Task<(IReadOnlyList<Furniture> Furniture, ScanStats Stats)> tail,
        IReadOnlyList<InputProblem> problems,
        RelationsMode relationsMode,
        IReadOnlyList<PassageCluster>? passageClusters = null)
    {
        this.texts = texts;
        this.tail = tail;
        RelationsMode = relationsMode;
        Documents = documents;
        Relations = relations;
        Stories = stories;
        Problems = problems;
        PassageClusters = passageClusters ?? [];
    }

    public IReadOnlyList<DocumentInfo> Documents { get; }

    /// <summary>
    /// Related pairs ordered by (A, B) ordinal, A &lt; B: with <see cref="RelationsMode.Tree"/>, enough pairs to
    /// explain each copy family (see <see cref="RelatedPairs"/>) and the semantic ones; with
    /// <see cref="RelationsMode.All"/>, every verified candidate.
    /// </summary>
    public IReadOnlyList<Relation> Relations { get; }

    public IReadOnlyList<Story> Stories { get; }

    /// <summary>Which pairs were aligned and reported (also in <see cref="Stats"/>, which waits for the last stage).</summary>
    public RelationsMode RelationsMode { get; }

    /// <summary>Passages reused in several documents, each found once with every member's offsets.</summary>
    public IReadOnlyList<PassageCluster> PassageClusters { get; }

    /// <summary>Page furniture in related documents: spliced intrusions and learned boilerplate, by document.</summary>
    /// <remarks>Waits for the furniture stage when it is still running (<see cref="Completion"/>).</remarks>
    public IReadOnlyList<Furniture> Furniture => tail.GetAwaiter().GetResult().Furniture;

    /// <summary>Input that was skipped or repaired, with where and why.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    /// <summary>The scan's counts and times; waits for the furniture stage, the last, when it is still running.</summary>
    public ScanStats Stats => tail.GetAwaiter().GetResult().Stats;

    /// <summary>Completes when the scan's last stage (furniture) has; faults as it does.</summary>
    public Task Completion => tail;

    /// <summary>What the stories were grouped on besides relations: word vectors, document vectors.</summary>
    public StoryEvidence Evidence { get; internal init; } = StoryEvidence.None;

    /// <summary>
    /// Every pair of documents the scan says are related, each once (A &lt; B): the reported relations, the pairs
    /// joined through a chain of copy relations (exact, near_exact, contains, shared_source: a tree explains the
    /// pairs it connects), and the pairs that are members of one passage cluster. Quadratic in family and cluster
    /// sizes: for evaluation, not for output.
    /// </summary>
    public IReadOnlyList<(int A, int B)> RelatedPairs()
    {
        var pairs = new HashSet<(int, int)>();
        var parent = new int[Documents.Count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        foreach (var r in Relations)
        {
            pairs.Add(r.A < r.B ? (r.A, r.B) : (r.B, r.A));
            if (ScanPipeline.IsLexicalCopy(r.Kind))
            {
                parent[Root(parent, r.A)] = Root(parent, r.B);
            }
        }

        var families = new Dictionary<int, List<int>>();
        for (int d = 0; d < parent.Length; d++)
        {
            int root = Root(parent, d);
            if (!families.TryGetValue(root, out var members))
            {
                families.Add(root, members = []);
            }

            members.Add(d);
        }

        foreach (var members in families.Values)
        {
            AddAllPairs(pairs, members);
        }

        foreach (var cluster in PassageClusters)
        {
            AddAllPairs(pairs, cluster.Members.Select(m => m.Document).ToList());
        }

        var list = pairs.ToList();
        list.Sort();
        return list;
    }

    private static void AddAllPairs(HashSet<(int, int)> pairs, List<int> members)
    {
        for (int i = 0; i < members.Count; i++)
        {
            for (int j = i + 1; j < members.Count; j++)
            {
                pairs.Add(members[i] < members[j] ? (members[i], members[j]) : (members[j], members[i]));
            }
        }
    }

    private static int Root(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    /// <summary>The original text of a document, read back from the spill file.</summary>
    public string Text(int ordinal) => texts.Get(ordinal);

    /// <summary>The text of document <paramref name="ordinal"/> read into <paramref name="buffer"/> (grown when short).</summary>
    internal ReadOnlySpan<char> ReadText(int ordinal, ref char[] buffer) => texts.Read(ordinal, ref buffer);

    public void Dispose()
    {
        // The furniture stage reads the texts: they are deleted once it is done, whether or not it failed.
        Task.WaitAny(tail); // does not throw: the failure, if any, was the caller's to see
        texts.Dispose();
    }
}
