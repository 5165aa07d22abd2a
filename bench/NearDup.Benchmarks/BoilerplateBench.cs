using BenchmarkDotNet.Attributes;
using NearDup.Align;
using NearDup.Boilerplate;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// Boilerplate stage: learning a corpus of pages (5 sites, each page = an article of <see cref="Size"/> characters plus
/// its site's 12 furniture lines), marking one page's furniture, filtering an alignment, and finding intrusions in a
/// story of three copies. Throughput is per page of <see cref="Size"/> characters.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchConfig))]
public class BoilerplateBench
{
    private const int Pages = 200;
    private string[] pages = [];
    private string[] sites = [];
    private BoilerplateModel model = new();
    private Token[] tokensA = [];
    private Token[] tokensB = [];
    private Alignment alignment = Alignment.None;
    private IReadOnlyList<TextSpan> spansA = [];
    private IReadOnlyList<TextSpan> spansB = [];
    private string[] story = [];

    /// <summary>Article size in characters (3000 ≈ a news article).</summary>
    [Params(3_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pages = new string[Pages];
        sites = new string[Pages];
        for (int p = 0; p < Pages; p++)
        {
            int site = p % 5;
            sites[p] = $"site{site}.example";
            var furniture = string.Join("\n", Enumerable.Range(0, 12).Select(l => $"Site {site} menu line {l}: read the latest news and sign up for our newsletter"));
            pages[p] = furniture + "\n\n" + BenchText.Generate(Size, p + 1);
        }

        model = new BoilerplateModel();
        for (int p = 0; p < Pages; p++)
        {
            model.Add(p, sites[p], pages[p]);
        }

        tokensA = Tokenizer.Tokenize(pages[0]);
        tokensB = Tokenizer.Tokenize(pages[5]);
        alignment = new Aligner().Align(tokensA, tokensB);
        spansA = model.Spans(pages[0], sites[0]);
        spansB = model.Spans(pages[5], sites[5]);
        string article = BenchText.Generate(Size, 999);
        story = [article, "Related Stories\nOne Big Headline Here\nAnother Big Headline There\n\n" + article, article[..(article.Length / 2)]];
    }

    /// <summary>Learns the whole corpus; divide the time by <see cref="Pages"/> for one page.</summary>
    [Benchmark]
    public int Learn()
    {
        var m = new BoilerplateModel();
        for (int p = 0; p < Pages; p++)
        {
            m.Add(p, sites[p], pages[p]);
        }

        return m.DistinctLines;
    }

    [Benchmark]
    public int Spans() => model.Spans(pages[7], sites[7]).Count;

    [Benchmark]
    public int Filter() => AlignmentFilter.RemoveBoilerplate(alignment, tokensA, tokensB, spansA, spansB).Passages.Count;

    [Benchmark]
    public int Intrusions() => new IntrusionDetector().Detect(story).Count;
}
