using NearDup.Evaluation.Synth;

namespace NearDup.Tests.Synth;

public class DenseCorpusTest
{
    private static readonly Lazy<List<string>> MrpcPool = new(() => DenseCorpus.ReadSentencePool(Path.Combine(TestPaths.Eval, "mrpc")));

    // A small pool makes reuse denser than MRPC's: every sentence in many of 400 documents.
    private static DenseOptions Small => new() { Count = 400, Seed = 7, Sentences = MrpcPool.Value.Take(500).ToList() };

    [Fact]
    public void Defaults_AreTheIssueShape()
    {
        var options = new DenseOptions();
        Assert.Equal(20_000, options.Count);
        Assert.Equal(1, options.Seed);
        Assert.Equal(0.1, options.CopyFraction);
        Assert.Equal((15, 35), (options.MinSentences, options.MaxSentences));
        Assert.Empty(options.Sentences);
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate); // the pool is given at run time
    }

    [Fact]
    public void ReadSentencePool_Mrpc_BothSidesDistinct()
    {
        var pool = MrpcPool.Value;
        Assert.InRange(pool.Count, 7000, 12_000); // train only: ~7,800; train and test: ~10,900
        Assert.Equal(pool.Count, pool.Distinct(StringComparer.Ordinal).Count());
        Assert.All(pool, s => Assert.Equal(s.Trim(), s));
        Assert.Equal(["a", "b", "c"], DenseCorpus.SentencePool([new SentencePair("a", " b ", true), new SentencePair("b", "c", false)]));
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameCorpusAndTruth()
    {
        var a = DenseCorpus.Generate(Small with { Count = 150 });
        var b = DenseCorpus.Generate(Small with { Count = 150 });
        var c = DenseCorpus.Generate(Small with { Count = 150, Seed = 8 });

        Assert.Equal(a.Truth, b.Truth);
        Assert.Equal(a.Documents.Select(d => (d.Id, d.Text)), b.Documents.Select(d => (d.Id, d.Text)));
        Assert.NotEqual(a.Documents.Select(d => d.Text), c.Documents.Select(d => d.Text));
    }

    [Fact]
    public void Generate_OneInTen_IsAnEditedCopy_OfEachKind()
    {
        var corpus = DenseCorpus.Generate(Small);
        var documents = corpus.Documents.ToList();

        Assert.Equal(400, documents.Count);
        Assert.Equal(400, documents.Select(d => d.Id).Distinct().Count());
        Assert.Equal(40, corpus.PlantedCopies);
        Assert.Equal(40, corpus.Truth.Count(p => p.Kind != SynthKind.SharedSource));
        Assert.All(corpus.Truth, p => Assert.True(string.CompareOrdinal(p.A, p.B) < 0));
        Assert.Equal(
            new HashSet<SynthKind> { SynthKind.NearExact, SynthKind.Trimmed, SynthKind.Edited },
            corpus.Truth.Where(p => p.Kind != SynthKind.SharedSource).Select(p => p.Kind).ToHashSet());
    }

    [Fact]
    public void Documents_AreRealSentences_EachInManyDocuments()
    {
        var options = Small;
        var corpus = DenseCorpus.Generate(options);
        var planted = corpus.Truth.SelectMany(p => (string[])[p.A, p.B]).ToHashSet(); // sources and their copies
        var documentsPerSentence = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in corpus.Documents)
        {
            // Sentences are whole pool sentences, one to three to a paragraph: count an original's from the pool.
            int found = 0;
            foreach (string sentence in options.Sentences)
            {
                if (document.Text.Contains(sentence, StringComparison.Ordinal))
                {
                    found++;
                    documentsPerSentence[sentence] = documentsPerSentence.GetValueOrDefault(sentence) + 1;
                }
            }

            if (!planted.Contains(document.Id))
            {
                Assert.InRange(found, 15, 35);
            }
        }

        double mean = documentsPerSentence.Values.Average();
        Assert.InRange(mean, 15, 25); // 400 documents x ~25 sentences over 500 sentences
        Assert.Equal((double)corpus.SentenceUses / options.Sentences.Count, mean, 1.0);
    }

    [Fact]
    public void Truth_Copies_ShareMostOfTheirSource_UnrelatedDocumentsLittle()
    {
        var corpus = DenseCorpus.Generate(Small);
        var grams = corpus.Documents.ToDictionary(d => d.Id, d => RunFinder.Grams(d.Text, 5));
        var failures = new List<string>();
        foreach (var pair in corpus.Truth)
        {
            double j = Jaccard(grams[pair.A], grams[pair.B]);
            if (j < (pair.Kind == SynthKind.SharedSource ? 0.3 : 0.5))
            {
                failures.Add($"{pair}: Jaccard {j:F2}");
            }
        }

        Assert.Empty(failures);

        // Documents not planted together share a few sentences at most (here, of a small pool, often some).
        var truth = corpus.Truth.Select(p => (p.A, p.B)).ToHashSet();
        var ids = grams.Keys.Order(StringComparer.Ordinal).ToArray();
        double worst = 0;
        for (int i = 0; i < 100; i++)
        {
            for (int k = i + 1; k < 100; k++)
            {
                if (!truth.Contains((ids[i], ids[k])))
                {
                    worst = Math.Max(worst, Jaccard(grams[ids[i]], grams[ids[k]]));
                }
            }
        }

        Assert.InRange(worst, 0, 0.2);
    }

    [Fact]
    public async Task WriteAsync_WritesCorpusAndTruth_InTheSyntheticFormat()
    {
        string dir = Path.Combine(Path.GetTempPath(), "neardup-dense-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = await DenseCorpus.WriteAsync(dir, Small with { Count = 120 }, TestContext.Current.CancellationToken);
            Assert.Equal(120, File.ReadLines(summary.CorpusPath).Count());
            var truth = SyntheticCorpus.ReadTruth(summary.TruthPath);
            Assert.Equal(DenseCorpus.Generate(Small with { Count = 120 }).Truth, truth);
            Assert.Equal(summary.TruthPairs, truth.Count);
            Assert.Equal("a\tb\tkind", File.ReadLines(summary.TruthPath).First());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Generate_PoolTooSmall_NamesTheProperty()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DenseCorpus.Generate(Small with { Sentences = ["One.", "Two."] }));
        Assert.Equal(nameof(DenseOptions.Sentences), e.ParamName);
    }

    private static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        int both = a.Count(b.Contains);
        return a.Count + b.Count == 0 ? 1 : (double)both / (a.Count + b.Count - both);
    }
}
