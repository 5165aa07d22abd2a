using NearDup.Read;

namespace NearDup.Evaluation;

/// <summary>Locates the files of an evaluation set, with errors that name what is missing and where.</summary>
internal static class EvalData
{
    public static string RequireFile(string dataDir, string set, params string[] parts)
    {
        string path = Path.Combine([dataDir, .. parts]);
        if (!File.Exists(path))
        {
            throw new NearDupFormatException(new InputProblem(path, null, null, $"{set}: expected file {Path.Combine(parts)} in {dataDir}, not found"));
        }

        return path;
    }

    public static string RequireDirectory(string dataDir, string set, string name)
    {
        string path = Path.Combine(dataDir, name);
        if (!Directory.Exists(path))
        {
            throw new NearDupFormatException(new InputProblem(path, null, null, $"{set}: expected folder {name}/ in {dataDir}, not found"));
        }

        return path;
    }

    public static NearDupFormatException Bad(string path, long line, string message) =>
        new(new InputProblem(path, line, null, message));
}
