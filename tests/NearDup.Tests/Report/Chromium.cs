namespace NearDup.Tests.Report;

/// <summary>Finds the system's Chromium: <c>$NEARDUP_CHROMIUM</c>, else the first of the usual names on the PATH.</summary>
internal static class Chromium
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("NEARDUP_CHROMIUM") is { Length: > 0 } given && File.Exists(given))
        {
            return given;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in (ReadOnlySpan<string>)["chromium", "chromium-browser", "google-chrome"])
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
