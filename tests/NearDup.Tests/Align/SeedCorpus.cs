namespace NearDup.Tests.Align;

/// <summary>The five seed articles in <c>../shared/seeds</c>, found from the repository root.</summary>
internal static class SeedCorpus
{
    private static readonly Lazy<string[]> Texts = new(Load);

    public static int Count => Texts.Value.Length;

    public static string Text(int ordinal) => Texts.Value[ordinal];

    public static string RepoRoot() => TestPaths.RepoRoot;

    private static string[] Load()
    {
        string folder = TestPaths.Seeds;
        var files = Directory.GetFiles(folder, "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length != 5)
        {
            throw new InvalidOperationException($"Expected 5 seed files in {folder}, found {files.Length}.");
        }

        return Array.ConvertAll(files, File.ReadAllText);
    }
}
