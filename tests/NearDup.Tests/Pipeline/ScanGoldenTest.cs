using System.Text.Json.Nodes;
using NearDup.Evaluation.Synth;
using NearDup.Report;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Pipeline;

/// <summary>
/// Pins the scan's whole JSON report (minus timings, memory and file paths) on the seeds and on a small synthetic
/// corpus, so that a refactoring which should not change behaviour is shown not to. After a deliberate change of
/// behaviour, rewrite the golden files and commit them with it:
/// <code>NEARDUP_APPROVE_GOLDEN=1 dotnet run -c Release --project tests/NearDup.Tests -- -class 'NearDup.Tests.Pipeline.ScanGoldenTest'</code>
/// </summary>
public class ScanGoldenTest
{
    private const string ApproveVariable = "NEARDUP_APPROVE_GOLDEN";

    [Fact]
    public async Task Seeds_DefaultPreset_ReportIsTheGoldenOne()
    {
        using var result = await new NearDupScanner(MiniLmPresets.Default).ScanAsync(TestPaths.Seeds, cancellationToken: TestContext.Current.CancellationToken);
        Check(result, new ReportOptions(), Int8DotProducts ? "seeds.json" : "seeds.avx2.json");
    }

    // ONNX Runtime's int8 kernels round differently with VNNI dot products (AVX-512 VNNI or AVX-VNNI) than without
    // (AVX2 alone): on the seeds a borderline sentence pair aligns on one and not on the other, so the default
    // preset's report is pinned once per kernel family; approving on a machine writes its own family's file.
    private static bool Int8DotProducts =>
        System.Runtime.Intrinsics.X86.AvxVnni.IsSupported
        || (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("avx512_vnni", StringComparison.Ordinal));

    [Fact]
    public async Task Synthetic_LexicalPreset_ReportIsTheGoldenOne()
    {
        var corpus = SyntheticCorpus.Generate(new SynthOptions { Count = 300, Seed = 7, CopyFraction = 0.4 });
        using var result = await new NearDupScanner(ScanPresets.Lexical).ScanAsync(corpus.Documents, cancellationToken: TestContext.Current.CancellationToken);
        Check(result, new ReportOptions { PassageText = false }, "synthetic.json");
    }

    private static void Check(NearDupResult result, ReportOptions options, string name)
    {
        using var buffer = new MemoryStream();
        result.WriteJson(buffer, options);
        var json = JsonNode.Parse(buffer.ToArray())!.AsObject();
        json.Remove("stats"); // timings and peak memory vary from run to run
        foreach (var document in json["documents"]!.AsArray())
        {
            if (document!["origin"] is { } origin)
            {
                document["origin"] = Path.GetFileName(origin.GetValue<string>()); // where the repository lies varies
            }
        }

        string actual = json.ToJsonString(new() { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "NearDup.Tests", "Data", "golden", name);
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        string golden = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        string? difference = golden == actual ? null
            : golden.Length == 0 ? "the golden file is missing"
            : Difference(JsonNode.Parse(golden), JsonNode.Parse(actual), "$");
        Assert.True(difference is null,
            $"The scan's report differs from {path} (or it is missing). If the change of behaviour is deliberate, run "
            + $"{ApproveVariable}=1 dotnet run -c Release --project tests/NearDup.Tests -- -class 'NearDup.Tests.Pipeline.ScanGoldenTest' "
            + $"and commit the file. First difference: {difference}; first differing line: {FirstDifference(golden, actual)}");
    }

    // Fractional scores may move in their last digits between CPUs of one kernel family (ORT picks its kernels by
    // instruction set); everything else (kinds, members, offsets, counts, texts) must be the same exactly.
    private const double ScoreTolerance = 0.01;

    // The path of the first difference between two reports, or null when they agree (scores within ScoreTolerance).
    private static string? Difference(JsonNode? golden, JsonNode? actual, string at)
    {
        switch (golden, actual)
        {
            case (null, null):
                return null;
            case (JsonObject g, JsonObject a):
                foreach (var (key, value) in g)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{at}.{key} is missing";
                    }

                    if (Difference(value, a[key], $"{at}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                return a.Select(p => p.Key).FirstOrDefault(k => !g.ContainsKey(k)) is { } extra ? $"{at}.{extra} is new" : null;
            case (JsonArray g, JsonArray a):
                if (g.Count != a.Count)
                {
                    return $"{at} has {a.Count} items, golden {g.Count}";
                }

                for (int i = 0; i < g.Count; i++)
                {
                    if (Difference(g[i], a[i], $"{at}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonValue g, JsonValue a) when g.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                double x = g.GetValue<double>(), y = a.GetValue<double>();
                bool whole = x == Math.Floor(x) && y == Math.Floor(y);
                return (whole ? x == y : Math.Abs(x - y) <= ScoreTolerance) ? null : $"{at}: golden {x}, now {y}";
            default:
                return JsonNode.DeepEquals(golden, actual) ? null : $"{at}: golden {golden?.ToJsonString()}, now {actual?.ToJsonString()}";
        }
    }

    private static string FirstDifference(string golden, string actual)
    {
        var a = golden.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "(end)", right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}: golden '{left.Trim()}', now '{right.Trim()}'";
            }
        }

        return "none";
    }
}
