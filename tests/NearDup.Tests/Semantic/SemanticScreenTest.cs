using System.Globalization;
using NearDup.Evaluation;
using NearDup.Evaluation.Synth;
using NearDup.Pipeline;
using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// The screen before MiniLM (<see cref="SemanticScreen"/>): static vectors, shared sentences set aside, cuts fitted
/// for the recall of what MiniLM verification decides.
/// </summary>
public class SemanticScreenTest
{
    private const string Shared1 = "The central bank raised its main interest rate by a quarter point on Tuesday, citing stubborn inflation.";
    private const string Shared2 = "Shares of the country's largest lender fell 4 percent in early trading after the announcement.";

    private static SemanticScreen DefaultScreen()
    {
        var o = new SemanticScanOptions();
        return new SemanticScreen(o.Relate, o.ScreenCuts);
    }

    private static SemanticDocument Static(string text) => SemanticDocument.Create(text, StaticEmbeddingEncoder.Default);

    private static SemanticDocument MiniLm(string text) => SemanticDocument.Create(text, SemanticTestData.Encoder);

    [Theory]
    [InlineData(5)]
    [InlineData(384)]
    [InlineData(390)]
    public void MaxDot_IsTheLargestDot_BitForBit(int dimension)
    {
        var random = new Random(dimension);
        float[] a = [.. Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] rows = [.. Enumerable.Range(0, dimension * 9).Select(_ => (float)(random.NextDouble() - 0.5))];
        for (int count = 0; count <= 9; count++)
        {
            float expected = float.MinValue;
            for (int r = 0; r < count; r++)
            {
                expected = Math.Max(expected, SemanticVector.Dot(a, rows.AsSpan(r * dimension, dimension)));
            }

            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(SemanticVector.MaxDot(a, rows, count)));
        }

        Assert.Throws<ArgumentException>(() => SemanticVector.MaxDot(a, rows, 10));
    }

    [Fact]
    public void Screen_PassesTheSeedsParaphraseAndSameStory()
    {
        var screen = DefaultScreen();
        var s000 = Static(SemanticTestData.Seed("000"));
        var s002 = Static(SemanticTestData.Seed("002"));
        var s004 = Static(SemanticTestData.Seed("004"));
        foreach (var (x, y) in new[] { (s000, s002), (s000, s004), (s002, s004) })
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{screen.Measure(x, y)}");
            Assert.True(screen.Passes(x, y));
        }
    }

    [Fact]
    public void Screen_RejectsAPair_WhoseOnlyCommonSentencesAreShared()
    {
        string a = Shared1 + " Farmers in the north reported a record harvest of wheat this autumn. " + Shared2 + " The local football club signed a new goalkeeper from Portugal. A new museum of modern art opened its doors to the public downtown. The orchestra announced a summer tour of small coastal towns.";
        string b = Shared1 + " Heavy snow closed several mountain passes and stranded hundreds of drivers overnight. Scientists described a new species of frog found in the rainforest. " + Shared2 + " The city council approved plans for a cycling bridge across the river. A bakery in the old quarter celebrated its hundredth year.";
        var measures = DefaultScreen().Measure(Static(a), Static(b));
        TestContext.Current.TestOutputHelper?.WriteLine($"{measures}");
        Assert.True(measures.SharedShare > 0.25);
        Assert.False(DefaultScreen().Passes(measures));
    }

    [Fact]
    public void Relater_SharedSentencesAlone_AreNotTheSameStory()
    {
        // Two sentences reprinted word for word in otherwise unrelated texts: text reuse, not one story.
        string a = Shared1 + " Farmers in the north reported a record harvest of wheat this autumn. " + Shared2 + " The local football club signed a new goalkeeper from Portugal. A new museum of modern art opened its doors to the public downtown.";
        string b = Shared1 + " Heavy snow closed several mountain passes and stranded hundreds of drivers overnight. Scientists described a new species of frog found in the rainforest. " + Shared2 + " The city council approved plans for a cycling bridge across the river.";
        var x = MiniLm(a);
        var y = MiniLm(b);
        var relation = new SemanticRelater().Relate(x, y);
        TestContext.Current.TestOutputHelper?.WriteLine($"{relation.Kind} doc {relation.DocumentCosine:F3} rest {SemanticRelater.RestCosine(x, y):F3} story {relation.StorySentences}");
        Assert.NotEqual(SemanticRelationKind.SameStory, relation.Kind);
        Assert.True(SemanticRelater.RestCosine(x, y) < relation.DocumentCosine);
    }

    [Fact]
    public void RestCosine_WithNothingShared_IsTheDocumentCosine()
    {
        var x = Static(SemanticTestData.Seed("000"));
        var y = Static(SemanticTestData.Seed("004"));
        Assert.Equal(SemanticVector.Dot(x.Vector, y.Vector), SemanticRelater.RestCosine(x, y), 4);
    }

    [Fact]
    public void Options_ScreenDefaults_ArePinned()
    {
        var o = new SemanticScanOptions();
        Assert.Equal(0.59f, o.ScreenAlignMinCosine);
        Assert.Equal(0.53f, o.ScreenStoryMinCosine);
        Assert.Equal(0.77f, o.ScreenRestMinCosine);
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenAlignMinCosine = 1.5f }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenStoryMinCosine = 2 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenRestMinCosine = float.NaN }).Validate());
        Assert.Equal(0.5, o.EarlyStoryMinShare);
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { EarlyStoryMinShare = 1.5 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { EarlyStoryMinShare = double.NaN }).Validate());
        Assert.Equal(4, o.ScreenStoryMinEntities);
        Assert.Equal(400, o.ScreenStoryMaxEntityDocuments);
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenStoryMinEntities = -1 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenStoryMaxEntityDocuments = 0 }).Validate());
        Assert.Equal(2, o.ScreenStoryWordNeighbours);
        Assert.Throws<ArgumentOutOfRangeException>(() => (o with { ScreenStoryWordNeighbours = -1 }).Validate());
    }

    [Theory]
    [InlineData(400, true)] // four names, each in few enough documents
    [InlineData(401, false)] // one of them in too many: three left
    public void StoryWords_NamesCountOnlyInFewDocuments(int documentsOfLast, bool passes)
    {
        ulong[] a = [1, 2, 3, 4, 9], b = [1, 2, 3, 4, 8];
        int Documents(ulong key) => key == 4 ? documentsOfLast : 2;
        Assert.Equal(passes, DefaultScreen().PassesStoryWords(false, a, b, Documents));
        Assert.False(DefaultScreen().PassesStoryWords(false, a, [9, 10], Documents));
        Assert.True(DefaultScreen().PassesStoryWords(true, a, [9, 10], Documents)); // or each the other's nearest by words
        Assert.True(new SemanticScreen(new SemanticOptions(), SemanticScreenCuts.None).PassesStoryWords(false, a, [], Documents));
    }

    /// <summary>
    /// Fits the three cuts by 10-fold cross-validation (folds by index modulo 10) for 99% recall of MiniLM's own
    /// decisions, and scores the whole screen held out on the MRPC articles: of the pairs MiniLM relates, how many the
    /// screen passes (docs/EVALUATION-semantic.md, "Screen").
    /// </summary>
    [Fact(Explicit = true)]
    public void Fit_ScreenCuts_OnMrpc()
    {
        var output = TestContext.Current.TestOutputHelper!;
        const int Folds = 10;
        const double Recall = 0.99;
        var options = new SemanticOptions();

        // Sentence pairs: MiniLM's aligned pairs and same-fact pairs against the static cosine.
        var pairs = SemanticTestData.Mrpc();
        var cosine = new double[pairs.Count];
        var aligned = new bool[pairs.Count];
        var fact = new bool[pairs.Count];
        int d = SemanticTestData.Encoder.Dimension, e = StaticEmbeddingEncoder.Default.Dimension;
        var mini = new float[2 * d];
        var stat = new float[2 * e];
        for (int i = 0; i < pairs.Count; i++)
        {
            SemanticTestData.Encoder.Encode([pairs[i].A, pairs[i].B], mini);
            StaticEmbeddingEncoder.Default.Encode([pairs[i].A, pairs[i].B], stat);
            float c = SemanticVector.Dot(mini.AsSpan(0, d), mini.AsSpan(d, d));
            var x = SemanticDocument.Create(pairs[i].A, [new TextSpan(0, pairs[i].A.Length)], mini[..d], d);
            var y = SemanticDocument.Create(pairs[i].B, [new TextSpan(0, pairs[i].B.Length)], mini[d..], d);
            var overlap = LexicalOverlap.Compute(x.Words[0], y.Words[0], x.Numbers[0], y.Numbers[0]);
            aligned[i] = options.Scorer.Probability(c, overlap) >= options.AlignMinProbability;
            fact[i] = c >= options.StorySentenceMinCosine;
            cosine[i] = SemanticVector.Dot(stat.AsSpan(0, e), stat.AsSpan(e, e));
        }

        var alignCuts = Report(output, "sentence static cosine, MiniLM aligns", cosine, aligned, Folds, Recall);
        var storyCuts = Report(output, "sentence static cosine, MiniLM same fact", cosine, fact, Folds, Recall);

        // Articles: MiniLM's rest cosine against the static one, then the whole screen held out.
        var relater = new SemanticRelater(options);
        var articles = ParaphraseArticles.Build(MrpcEvaluator.SentencePairs(Path.Combine(TestPaths.Shared, "eval", "mrpc")));
        var rest = new double[articles.Count];
        var oneStory = new bool[articles.Count];
        var related = new bool[articles.Count];
        var statics = new (SemanticDocument, SemanticDocument)[articles.Count];
        for (int i = 0; i < articles.Count; i++)
        {
            var (x, y) = (MiniLm(articles[i].Original), MiniLm(articles[i].Other));
            statics[i] = (Static(articles[i].Original), Static(articles[i].Other));
            oneStory[i] = SemanticRelater.RestCosine(x, y) >= options.SameStoryMinCosine;
            related[i] = relater.Relate(x, y).Kind != SemanticRelationKind.None;
            rest[i] = SemanticRelater.RestCosine(statics[i].Item1, statics[i].Item2);
        }

        var restCuts = Report(output, "article static rest cosine, MiniLM one story", rest, oneStory, Folds, Recall);
        int passed = 0, missed = 0, negativesPassed = 0, negatives = 0;
        for (int i = 0; i < articles.Count; i++)
        {
            int f = i % Folds;
            var screen = new SemanticScreen(options, new SemanticScreenCuts((float)alignCuts[f], (float)storyCuts[f], (float)restCuts[f]));
            bool pass = screen.Passes(statics[i].Item1, statics[i].Item2);
            if (related[i])
            {
                passed += pass ? 1 : 0;
                missed += pass ? 0 : 1;
            }
            else
            {
                negatives++;
                negativesPassed += pass ? 1 : 0;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"screen on articles, held out: MiniLM related {passed + missed} of {articles.Count}, passed {passed} (recall {passed / (double)(passed + missed):F3}); unrelated passed {negativesPassed} of {negatives}"));
    }

    /// <summary>
    /// A check on data the cuts were not fitted on: ECB+ pairs within one topic (stories and their decoys), MiniLM's
    /// decision against the screen with the shipped cuts.
    /// </summary>
    [Fact(Explicit = true)]
    public void Check_Screen_OnEcbPlus()
    {
        var output = TestContext.Current.TestOutputHelper!;
        string dir = Path.Combine(TestPaths.Shared, "eval", "ecb-plus");
        var topic = File.ReadLines(Path.Combine(dir, "meta.tsv")).Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        var ids = topic.Keys.Order(StringComparer.Ordinal).ToList();
        var texts = ids.Select(id => File.ReadAllText(Path.Combine(dir, "docs", id + ".txt"))).ToList();
        var mini = texts.Select(MiniLm).ToList();
        var stat = texts.Select(Static).ToList();
        var relater = new SemanticRelater();
        var screen = DefaultScreen();
        var counts = new Dictionary<SemanticRelationKind, (int Pairs, int Passed)>();
        for (int i = 0; i < ids.Count; i++)
        {
            for (int j = i + 1; j < ids.Count; j++)
            {
                if (topic[ids[i]] != topic[ids[j]])
                {
                    continue;
                }

                var kind = relater.Relate(mini[i], mini[j]).Kind;
                bool pass = screen.Passes(stat[i], stat[j]);
                var (pairs, passed) = counts.GetValueOrDefault(kind);
                counts[kind] = (pairs + 1, passed + (pass ? 1 : 0));
            }
        }

        foreach (var (kind, (pairs, passed)) in counts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ECB+ within-topic pairs MiniLM calls {kind}: {pairs}, screen passes {passed} ({passed / (double)pairs:F3})"));
        }

        Assert.NotEmpty(counts);
    }

    // Per fold: the highest cut keeping `recall` of the training positives; held out: recall and share passed. Returns the cuts per fold.
    private static List<double> Report(ITestOutputHelper output, string name, double[] value, bool[] positive, int folds, double recall)
    {
        int tp = 0, fn = 0, passedNegatives = 0, negatives = 0;
        var cuts = new List<double>();
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, value.Length).Where(i => i % folds != f && positive[i]).Select(i => value[i]).OrderBy(v => v).ToList();
            double cut = train[(int)Math.Floor((1 - recall) * train.Count)];
            cuts.Add(cut);
            foreach (int i in Enumerable.Range(0, value.Length).Where(i => i % folds == f))
            {
                bool pass = value[i] >= cut;
                if (positive[i])
                {
                    tp += pass ? 1 : 0;
                    fn += pass ? 0 : 1;
                }
                else
                {
                    negatives++;
                    passedNegatives += pass ? 1 : 0;
                }
            }
        }

        var all = Enumerable.Range(0, value.Length).Where(i => positive[i]).Select(i => value[i]).OrderBy(v => v).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {positive.Count(p => p)} positives of {value.Length}; held-out recall {(double)tp / (tp + fn):F3} ({fn} missed); negatives passed {passedNegatives} of {negatives}; cut per fold {string.Join(' ', cuts.Select(c => c.ToString("F3", CultureInfo.InvariantCulture)))}; on all {all[(int)Math.Floor((1 - recall) * all.Count)]:F3}"));
        return cuts;
    }
}
