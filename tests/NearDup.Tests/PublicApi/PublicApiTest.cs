using System.Reflection;
using NearDup.Semantic.MiniLM;
using PublicApiGenerator;

namespace NearDup.Tests.PublicApi;

/// <summary>
/// The public surface of each shipped assembly, compared with the approved listing beside this file, so that every
/// change to it is deliberate. After a deliberate change, rewrite the listings and commit them with it:
/// <code>NEARDUP_APPROVE_API=1 dotnet run -c Release --project tests/NearDup.Tests -- -class 'NearDup.Tests.PublicApi.*'</code>
/// </summary>
public class PublicApiTest
{
    private const string ApproveVariable = "NEARDUP_APPROVE_API";

    [Fact]
    public void Engine_PublicApi_IsTheApprovedOne() => Check(typeof(NearDupScanner).Assembly, "NearDup");

    [Fact]
    public void MiniLm_PublicApi_IsTheApprovedOne() => Check(typeof(MiniLmPresets).Assembly, "NearDup.Semantic.MiniLM");

    private static void Check(Assembly assembly, string name)
    {
        var options = new ApiGeneratorOptions
        {
            // Which projects see the internals, and the build's own stamps, are not the API.
            ExcludeAttributes =
            [
                "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
                "System.Reflection.AssemblyMetadataAttribute",
            ],
        };
        string actual = assembly.GeneratePublicApi(options).ReplaceLineEndings("\n") + "\n";
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "NearDup.Tests", "PublicApi", name + ".approved.txt");
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        string approved = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(approved == actual,
            $"The public API of {name} changed (or {path} is missing). If the change is deliberate, run "
            + $"{ApproveVariable}=1 dotnet run -c Release --project tests/NearDup.Tests -- -class 'NearDup.Tests.PublicApi.*' "
            + $"and commit the file. First difference: {FirstDifference(approved, actual)}");
    }

    private static string FirstDifference(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "(end)", right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}: approved '{left.Trim()}', now '{right.Trim()}'";
            }
        }

        return "none";
    }
}
