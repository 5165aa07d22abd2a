namespace NearDup.Tests;

/// <summary>Locates the repository and the shared data beside it, as CI lays them out.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Seeds => Path.Combine(Shared, "seeds");

    public static string Eval => Path.Combine(Shared, "eval");

    public static string Seed(string prefix) =>
        Directory.GetFiles(Seeds, prefix + "_*.txt").Single();

    public static string SeedText(string prefix) => File.ReadAllText(Seed(prefix));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NearDup.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NearDup.slnx not found above " + AppContext.BaseDirectory);
    }
}
