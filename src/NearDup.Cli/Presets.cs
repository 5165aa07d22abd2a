using NearDup.Pipeline;
using NearDup.Semantic.MiniLM;

namespace NearDup.Cli;

/// <summary>The command line's names for the shared presets and semantic modes; the settings themselves live in the libraries.</summary>
internal static class Presets
{
    /// <summary>The preset <c>scan</c> runs when none is named.</summary>
    public const string DefaultName = "default";

    /// <summary>Preset names, the default first.</summary>
    public static readonly IReadOnlyDictionary<string, ScanOptions> ByName = new Dictionary<string, ScanOptions>(StringComparer.Ordinal)
    {
        [DefaultName] = MiniLmPresets.Default,
        ["lexical"] = ScanPresets.Lexical,
        ["crawl-dedup"] = ScanPresets.CrawlDedup,
    };

    /// <summary>Values of <c>--semantic</c>.</summary>
    public static readonly string[] SemanticModes = ["minilm", "static", "off"];

    /// <summary>The <c>--semantic</c> value that <paramref name="options"/> amount to.</summary>
    public static string SemanticMode(ScanOptions options) =>
        options.Semantic.VerifyEncoder is not null ? "minilm" : options.Semantic.Enabled ? "static" : "off";

    /// <summary><paramref name="options"/> with the semantic stage of <c>--semantic</c> <paramref name="mode"/>.</summary>
    public static ScanOptions WithSemantic(ScanOptions options, string mode, MiniLmPrecision? precision) => mode switch
    {
        "minilm" => options.WithMiniLm(precision),
        "static" => options.WithStaticEmbeddings(),
        "off" => options with { Semantic = options.Semantic with { CandidateEncoder = null, VerifyEncoder = null, ParaphraseVerifier = null } },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "--semantic must be minilm, static or off."),
    };
}
