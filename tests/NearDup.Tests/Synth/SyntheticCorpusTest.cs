using NearDup.Evaluation.Synth;
using NearDup.Read;
using NearDup.Text;

namespace NearDup.Tests.Synth;

public class SyntheticCorpusTest
{
    private static readonly SynthOptions Small = new() { Count = 400, Seed = 11, CopyFraction = 0.5, HiddenSourceFraction = 0.3 };

    [Fact]
    public void Generate_SameSeed_GivesTheSameCorpusAndTruth()
    {
        var a = SyntheticCorpus.Generate(Small with { Count = 120 });
        var b = SyntheticCorpus.Generate(Small with { Count = 120 });
        var c = SyntheticCorpus.Generate(Small with { Count = 120, Seed = 12 });

        Assert.Equal(a.Truth, b.Truth);
        Assert.Equal(a.Documents.Select(d => (d.Id, d.Text)), b.Documents.Select(d => (d.Id, d.Text)));
        Assert.NotEqual(a.Documents.Select(d => d.Text), c.Documents.Select(d => d.Text));
    }

    [Fact]
    public void Generate_Documents_HaveTheRequestedCountUniqueIdsAndCopyFraction()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var documents = corpus.Documents.ToList();

        Assert.Equal(400, documents.Count);
        Assert.Equal(400, documents.Select(d => d.Id).Distinct().Count());
        Assert.Equal(200, corpus.PlantedCopies);
        Assert.All(corpus.Truth, p => Assert.True(string.CompareOrdinal(p.A, p.B) < 0));
        var kinds = corpus.Truth.Select(p => p.Kind).ToHashSet();
        Assert.Superset(SynthOptions.AllDerivations.ToHashSet(), kinds);
        Assert.Contains(SynthKind.SharedSource, kinds);
    }

    [Fact]
    public void Documents_LookLikeNewsProse()
    {
        var documents = SyntheticCorpus.Generate(Small with { CopyFraction = 0 }).Documents.Take(200).ToList();
        var words = new Dictionary<ulong, int>();
        long totalWords = 0;
        int paragraphs = 0;
        foreach (var document in documents)
        {
            var tokens = Tokenizer.Tokenize(document.Text);
            totalWords += tokens.Length;
            paragraphs += document.Text.Split("\n\n").Length;
            foreach (var token in tokens)
            {
                words[token.Hash] = words.GetValueOrDefault(token.Hash) + 1;
            }
        }

        double meanWords = (double)totalWords / documents.Count;
        Assert.InRange(meanWords, 400, 700);
        Assert.InRange((double)paragraphs / documents.Count, 8, 20);
        Assert.True(words.Count > 3000, $"vocabulary {words.Count}");

        // Zipfian: "the" is the most frequent word and the top 100 words cover a large share.
        var ranked = words.Values.OrderDescending().ToArray();
        Assert.Equal(words[Tokenizer.HashWord("the")], ranked[0]);
        double top100 = ranked.Take(100).Sum() / (double)totalWords;
        Assert.InRange(top100, 0.35, 0.75);
    }

    [Fact]
    public void Truth_EveryPlantedPair_SharesATwentyWordRun()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var texts = corpus.Documents.ToDictionary(d => d.Id, d => d.Text);
        var failures = new List<string>();

        foreach (var pair in corpus.Truth)
        {
            int run = RunFinder.LongestSharedRun(texts[pair.A], texts[pair.B]);
            if (run < 20)
            {
                failures.Add($"{pair} longest shared run {run}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Truth_Kinds_ShowInTheText()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var texts = corpus.Documents.ToDictionary(d => d.Id, d => d.Text);
        var documentIds = texts.Keys.ToHashSet();

        foreach (var pair in corpus.Truth)
        {
            string a = texts[pair.A], b = texts[pair.B];
            int wa = Tokenizer.Tokenize(a).Length, wb = Tokenizer.Tokenize(b).Length;
            switch (pair.Kind)
            {
                case SynthKind.Exact:
                    Assert.Equal(a, b);
                    break;
                case SynthKind.NearExact:
                case SynthKind.Edited:
                case SynthKind.Shuffled:
                    Assert.NotEqual(a, b);
                    Assert.InRange((double)wa / wb, 0.85, 1.15);
                    break;
                case SynthKind.Furniture:
                    Assert.NotEqual(a, b);
                    Assert.Contains(Lexicon.TeaserHeaders, h => a.Contains("\n\n" + h + "\n", StringComparison.Ordinal) ^ b.Contains("\n\n" + h + "\n", StringComparison.Ordinal));
                    break;
                case SynthKind.Trimmed:
                    Assert.True(Math.Min(wa, wb) < Math.Max(wa, wb), pair.ToString());
                    break;
            }
        }

        Assert.All(corpus.Truth, p => Assert.True(documentIds.Contains(p.A) && documentIds.Contains(p.B)));
    }

    [Fact]
    public void Unrelated_Documents_ShareNoTwentyWordRun_ButDoShareShortPhrases()
    {
        var corpus = SyntheticCorpus.Generate(Small);
        var documents = corpus.Documents.ToList();
        var related = new HashSet<(string, string)>(corpus.Truth.Select(p => (p.A, p.B)));
        var families = corpus.FamilyIds();
        var owners = new Dictionary<ulong, List<int>>();
        for (int i = 0; i < documents.Count; i++)
        {
            foreach (ulong gram in RunFinder.Grams(documents[i].Text, 20))
            {
                if (!owners.TryGetValue(gram, out var list))
                {
                    owners[gram] = list = [];
                }

                list.Add(i);
            }
        }

        var leaks = new HashSet<string>();
        foreach (var list in owners.Values)
        {
            for (int x = 0; x < list.Count; x++)
            {
                for (int y = x + 1; y < list.Count; y++)
                {
                    string a = documents[list[x]].Id, b = documents[list[y]].Id;
                    var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
                    if (!related.Contains(key) && families[a] != families[b])
                    {
                        leaks.Add($"{a} {b}");
                    }
                }
            }
        }

        Assert.Empty(leaks);

        // Realistic noise: unrelated texts do share 3-word phrases.
        var first = RunFinder.Grams(documents[0].Text, 3);
        int sharing = documents.Skip(1).Count(d => families[d.Id] != families[documents[0].Id] && RunFinder.Grams(d.Text, 3).Overlaps(first));
        Assert.True(sharing > documents.Count / 4, $"{sharing} documents share a 3-gram with the first");
    }

    [Fact]
    public async Task WriteAsync_WritesJsonLinesAndTruthThatReadBack()
    {
        using var temp = new Read.TempFolder();
        var options = Small with { Count = 150 };

        var summary = await SyntheticCorpus.WriteAsync(temp.Path, options, TestContext.Current.CancellationToken);

        var problems = new InputProblems();
        var documents = new List<Document>();
        await foreach (var document in new JsonLinesReader(summary.CorpusPath, problems: problems).ReadAsync(TestContext.Current.CancellationToken))
        {
            documents.Add(document);
        }

        var expected = SyntheticCorpus.Generate(options);
        Assert.Empty(problems.Items);
        Assert.Equal(expected.Documents.Select(d => (d.Id, d.Text)), documents.Select(d => (d.Id, d.Text)));
        Assert.Equal(expected.Truth, SyntheticCorpus.ReadTruth(summary.TruthPath));
        Assert.Equal("a\tb\tkind", File.ReadLines(summary.TruthPath).First());
        Assert.Equal(150, summary.Documents);
        Assert.Equal(expected.Truth.Count, summary.TruthPairs);
    }

    [Fact]
    public async Task WriteTextFolderAsync_WritesOneFilePerDocumentThatTheFolderReaderReads()
    {
        using var temp = new Read.TempFolder();
        var corpus = SyntheticCorpus.Generate(Small with { Count = 40 });

        var summary = await corpus.WriteTextFolderAsync(temp.Path, TestContext.Current.CancellationToken);

        var documents = new List<Document>();
        await foreach (var document in new FolderReader(summary.CorpusPath).ReadAsync(TestContext.Current.CancellationToken))
        {
            documents.Add(document);
        }

        Assert.Equal(corpus.Documents.Select(d => (d.Id, d.Text)), documents.Select(d => (d.Id, d.Text)));
        Assert.True(File.Exists(Path.Combine(temp.Path, "truth.tsv")));
    }

    [Fact]
    public void Options_Defaults_ArePinnedAndValidated()
    {
        var options = new SynthOptions();

        Assert.Equal((10_000, 1L, 0.3, 0.1, 25), (options.Count, options.Seed, options.CopyFraction, options.HiddenSourceFraction, options.MeanSentences));
        Assert.Equal(7, options.Kinds.Count);
        Assert.Equal("CopyFraction", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCorpus.Generate(new SynthOptions { CopyFraction = 0.9 })).ParamName);
        Assert.Equal("Count", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCorpus.Generate(new SynthOptions { Count = 0 })).ParamName);
        Assert.Equal("Kinds", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCorpus.Generate(new SynthOptions { Kinds = [SynthKind.SharedSource] })).ParamName);
    }

    [Fact]
    public void Generate_OneKindOnly_PlantsOnlyThatKind()
    {
        var corpus = SyntheticCorpus.Generate(Small with { Count = 100, Kinds = [SynthKind.Excerpt], HiddenSourceFraction = 0 });

        Assert.NotEmpty(corpus.Truth);
        Assert.All(corpus.Truth, p => Assert.True(p.Kind is SynthKind.Excerpt or SynthKind.SharedSource));
    }
}
