namespace NearDup.Tests.Align;

/// <summary>The five seed articles in <c>../shared/seeds</c>, found from the repository root.</summary>
internal static class SeedCorpus
{
    private static readonly Lazy<string[]> Texts = new(Load);

    public static int Count => Texts.Value.Length;

    public static string Text(int ordinal) => Texts.Value[ordinal];

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NearDup.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No NearDup.slnx above {AppContext.BaseDirectory}.");
    }

    private static string[] Load()
    {
        string folder = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "seeds"));
        var files = Directory.GetFiles(folder, "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length != 5)
        {
            throw new InvalidOperationException($"Expected 5 seed files in {folder}, found {files.Length}.");
        }

        return Array.ConvertAll(files, File.ReadAllText);
    }
}
