using System.CommandLine;
using System.Text.Json;
using NearDup.Candidates;
using NearDup.Cli;
using NearDup.Pipeline;
using NearDup.Relate;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Api;

public class ScanPresetsTest
{
    [Fact]
    public void Lexical_IsTheOptionsDefaults_WithoutSemanticStage()
    {
        Assert.Equal(new ScanOptions().ToString(), ScanPresets.Lexical.ToString()); // by value: GroupOptions holds a set
        Assert.False(ScanPresets.Lexical.Semantic.Enabled);
        Assert.NotNull(ScanPresets.Lexical.Boilerplate);
        Assert.Same(ScanPresets.Lexical, new NearDupScanner().Options);
    }

    [Fact]
    public void CrawlDedup_IsWholeDocumentCandidatesOnly_WithoutFurnitureOrSemantics()
    {
        var crawl = ScanPresets.CrawlDedup;
        Assert.True(crawl.CandidatesOnly);
        Assert.Null(crawl.Boilerplate);
        Assert.False(crawl.Semantic.Enabled);
        Assert.Equal(CandidateSource.MinHash | CandidateSource.ExactHash, crawl.Candidates.Sources);
        Assert.Equal(new CandidateOptions().LshThreshold, crawl.Candidates.LshThreshold);
        crawl.Validate();
    }

    [Fact]
    public void MiniLmDefault_IsLexicalPlusStaticCandidatesAndInt8MiniLm()
    {
        var preset = MiniLmPresets.Default;
        Assert.Equal(ScanPresets.Lexical with { Semantic = preset.Semantic }, preset);
        Assert.Same(MiniLmPresets.StaticEmbeddings, preset.Semantic.CandidateEncoder);
        Assert.Equal(StaticEmbeddingEncoder.Default.Name, preset.Semantic.CandidateEncoder!.Name);
        Assert.Equal(StaticEmbeddingEncoder.Default.Dimension, preset.Semantic.CandidateEncoder.Dimension);
        Assert.Equal("minilm-l6-v2-int8", preset.Semantic.VerifyEncoder!.Name);
        Assert.Same(MiniLmPresets.Transformer(MiniLmPrecision.Int8), preset.Semantic.VerifyEncoder);
        Assert.Equal(preset, ScanPresets.Lexical.WithMiniLm()); // the shared encoder makes presets comparable
        Assert.Equal("minilm-l6-v2", ScanPresets.Lexical.WithMiniLm(MiniLmPrecision.Float32).Semantic.VerifyEncoder!.Name);
        Assert.Null(ScanPresets.Lexical.WithStaticEmbeddings().Semantic.VerifyEncoder);
    }

    [Fact]
    public void Cli_PresetsAreTheLibraryObjects()
    {
        Assert.Same(MiniLmPresets.Default, Presets.ByName[Presets.DefaultName]);
        Assert.Same(ScanPresets.Lexical, Presets.ByName["lexical"]);
        Assert.Same(ScanPresets.CrawlDedup, Presets.ByName["crawl-dedup"]);
        Assert.Equal("minilm", Presets.SemanticMode(MiniLmPresets.Default));
        Assert.Equal(ScanPresets.Lexical, Presets.WithSemantic(MiniLmPresets.Default, "off", null));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("crawl-dedup")]
    public async Task Cli_Scan_FindsWhatTheLibraryFindsWithTheSamePreset(string preset)
    {
        string output = Path.Combine(Path.GetTempPath(), $"neardup-api-{Guid.NewGuid():N}.json");
        try
        {
            var root = new RootCommand { ScanCommand.Create() };
            int exit = await root.Parse(["scan", TestPaths.Seeds, "--preset", preset, "-f", "json", "-o", output]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.Ok, exit);
            using var json = JsonDocument.Parse(File.ReadAllText(output));
            var cli = json.RootElement.GetProperty("relations").EnumerateArray()
                .Select(r => (r.GetProperty("a").GetString(), r.GetProperty("b").GetString(), r.GetProperty("kind").GetString()))
                .ToList();

            using var result = await new NearDupScanner(Presets.ByName[preset]).ScanAsync(TestPaths.Seeds, cancellationToken: TestContext.Current.CancellationToken);
            var library = result.Relations.Select(r => ((string?)r.A, (string?)r.B, (string?)WireNames.Of(r.Kind))).ToList();
            Assert.Equal(library, cli);
            if (preset == "default")
            {
                Assert.Contains(library, r => r.Item3 == "paraphrase");
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
