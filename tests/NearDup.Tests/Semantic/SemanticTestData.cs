using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>Shared test inputs: the repo's shared folder, the seeds, MRPC pairs, one MiniLM encoder.</summary>
internal static class SemanticTestData
{
    private static readonly Lazy<MiniLmEncoder> LazyEncoder = new(() => new MiniLmEncoder());
    private static readonly Lazy<MiniLmEncoder> LazyFloat32Encoder = new(() => new MiniLmEncoder(new MiniLmOptions { Precision = MiniLmPrecision.Float32 }));

    /// <summary>MiniLM with the default options.</summary>
    public static MiniLmEncoder Encoder => LazyEncoder.Value;

    /// <summary>MiniLM in the given precision (the default one is shared with <see cref="Encoder"/>).</summary>
    public static MiniLmEncoder EncoderFor(MiniLmPrecision precision) =>
        precision == new MiniLmOptions().Precision ? Encoder
        : precision == MiniLmPrecision.Float32 ? LazyFloat32Encoder.Value
        : throw new ArgumentOutOfRangeException(nameof(precision), precision, "Only the default precision and Float32 are cached.");

    public static string SharedDirectory => TestPaths.Shared;

    /// <summary>Seed text by its number prefix ("000" ... "004").</summary>
    public static string Seed(string number) => TestPaths.SeedText(number);

    /// <summary>MRPC training pairs: tab-separated, quotes bare (not CSV), byte-order mark on the header.</summary>
    public static List<(bool Paraphrase, string A, string B)> Mrpc() =>
        NearDup.Evaluation.MrpcEvaluator.Read(Path.Combine(SharedDirectory, "eval", "mrpc", "msr_paraphrase_train.txt"));
}
