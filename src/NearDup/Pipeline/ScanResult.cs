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

    internal ScanResult(
        TextStore texts,
        IReadOnlyList<DocumentInfo> documents,
        IReadOnlyList<Relation> relations,
        IReadOnlyList<Story> stories,
        IReadOnlyList<Furniture> furniture,
        IReadOnlyList<InputProblem> problems,
        ScanStats stats,
        IReadOnlyList<PassageCluster>? passageClusters = null)
    {
        this.texts = texts;
        Documents = documents;
        Relations = relations;
        Stories = stories;
        Furniture = furniture;
        Problems = problems;
        Stats = stats;
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

    /// <summary>Passages reused in several documents, each found once with every member's offsets.</summary>
    public IReadOnlyList<PassageCluster> PassageClusters { get; }

    /// <summary>Page furniture in related documents: spliced intrusions and learned boilerplate, by document.</summary>
    public IReadOnlyList<Furniture> Furniture { get; }

    /// <summary>Input that was skipped or repaired, with where and why.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    public ScanStats Stats { get; }

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

    public void Dispose() => texts.Dispose();
}
