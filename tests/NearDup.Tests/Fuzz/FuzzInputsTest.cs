using NearDup.Fuzz;

namespace NearDup.Tests.Fuzz;

/// <summary>
/// Replays every input the fuzzer (or a hand-made hostile case) broke a reader with, kept under
/// <c>Data/fuzz/&lt;target&gt;/</c>, through the harness's own entry point: no exception escapes, bad input is a
/// problem naming the input and its place (byte offset; line for JSON Lines and CSV), and every document has an id and text.
/// </summary>
public sealed class FuzzInputsTest
{
    private static readonly string Root = Path.Combine(TestPaths.RepoRoot, "tests", "NearDup.Tests", "Data", "fuzz");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string target in FuzzTargets.Names)
        {
            string folder = Path.Combine(Root, target);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void KeptInput_KeepsTheReadersContract(string target, string file) =>
        FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Root, target, file)));

    [Fact]
    public void KeptInputs_CoverTheHtmlAndWarcTargets()
    {
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "warc")));
    }
}
