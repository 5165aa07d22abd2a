using NearDup.Evaluation.Synth;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Tests.Fingerprint;

namespace NearDup.Tests.Pipeline;

public class RelationsModeTest
{
    // A wire text in seven outlets (each with a headline and one changed word), a quote in five unrelated reports.
    private static List<Document> Corpus()
    {
        var docs = new List<Document>();
        var wire = RandomText.Words(new Random(11), 300);
        for (int i = 0; i < 7; i++)
        {
            var copy = (string[])wire.Clone();
            copy[20 + (37 * i)] = $"edit{i}";
            docs.Add(new Document($"copy{i}", $"Outlet {i} headline number {i}. " + string.Join(' ', copy)));
        }

        string quote = RandomText.Text(new Random(12), 35);
        for (int i = 0; i < 5; i++)
        {
            docs.Add(new Document($"report{i}", $"{RandomText.Text(new Random(100 + i), 150)} said {quote} and {RandomText.Text(new Random(200 + i), 150)}"));
        }

        return docs;
    }

    private static async Task<ScanResult> Scan(RelationsMode mode) =>
        await new ScanPipeline(new ScanOptions { Relations = mode, Parallelism = 2 })
            .RunAsync(new ListReader(Corpus()), new InputProblems(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Tree_AlignsEachCopyOnce_AndReportsTheQuoteOnce()
    {
        using var tree = await Scan(RelationsMode.Tree);
        using var all = await Scan(RelationsMode.All);

        // Seven copies: six alignments explain them, not 21; the five reports quoting one passage are one cluster.
        Assert.Equal(6, tree.Relations.Count(r => ScanPipeline.IsLexicalCopy(r.Kind)));
        Assert.Equal(6, tree.Stats.Alignments);
        Assert.DoesNotContain(tree.Relations, r => r.Kind == RelationKind.Partial);
        var quote = Assert.Single(tree.PassageClusters);
        Assert.Equal(Enumerable.Range(7, 5), quote.Members.Select(m => m.Document));

        Assert.Equal(21, all.Relations.Count(r => ScanPipeline.IsLexicalCopy(r.Kind)));
        Assert.Equal(10, all.Relations.Count(r => r.Kind == RelationKind.Partial));
        Assert.Equal(all.Stats.Candidates, all.Stats.Alignments);

        // The same pairs are related either way, and the same stories come out.
        Assert.Equal(all.RelatedPairs(), tree.RelatedPairs());
        Assert.Equal(all.Stories.Select(s => s.Members.ToArray()), tree.Stories.Select(s => s.Members.ToArray()));
    }

    [Fact]
    public async Task Synthetic_Tree_LosesNoCopyPair_AndAlignsFewerPairs()
    {
        // The estimate boundary (ScanOptions.CopyEstimate) against real alignments: every pair that all-pairs
        // verification calls a copy is explained in tree mode, through the same copy families.
        var corpus = SyntheticCorpus.Generate(new SynthOptions { Count = 800, Seed = 5 });
        var documents = corpus.Documents.ToList();
        async Task<ScanResult> Run(RelationsMode mode) =>
            await new ScanPipeline(new ScanOptions { Relations = mode, Parallelism = 2, Boilerplate = null })
                .RunAsync(new ListReader(documents), new InputProblems(), TestContext.Current.CancellationToken);
        using var tree = await Run(RelationsMode.Tree);
        using var all = await Run(RelationsMode.All);

        var explained = tree.RelatedPairs().ToHashSet();
        var copies = all.Relations.Where(r => ScanPipeline.IsLexicalCopy(r.Kind)).ToList();
        Assert.NotEmpty(copies);
        Assert.All(copies, r => Assert.Contains((r.A, r.B), explained));
        Assert.Equal(ScanPipeline.CopyFamilies(all.Documents.Count, all.Relations), ScanPipeline.CopyFamilies(tree.Documents.Count, tree.Relations));
        Assert.True(tree.Stats.Alignments < all.Stats.Alignments, $"{tree.Stats.Alignments} vs {all.Stats.Alignments}");
    }

    [Fact]
    public void Options_DefaultToTree_AndCheckTheCopyEstimate()
    {
        var o = new ScanOptions();
        Assert.Equal(RelationsMode.Tree, o.Relations);
        Assert.Equal(0.3, o.CopyEstimate);
        Assert.NotNull(o.Passages);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScanOptions { CopyEstimate = 1.5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScanOptions { Relations = (RelationsMode)7 }.Validate());
    }
}
