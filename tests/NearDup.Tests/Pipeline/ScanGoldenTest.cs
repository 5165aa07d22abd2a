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
        Check(result, new ReportOptions(), "seeds.json");
    }

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
        Assert.True(golden == actual,
            $"The scan's report differs from {path} (or it is missing). If the change of behaviour is deliberate, run "
            + $"{ApproveVariable}=1 dotnet run -c Release --project tests/NearDup.Tests -- -class 'NearDup.Tests.Pipeline.ScanGoldenTest' "
            + $"and commit the file. First difference: {FirstDifference(golden, actual)}");
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
