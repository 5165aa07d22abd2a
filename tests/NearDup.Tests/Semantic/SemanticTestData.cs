using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>Shared test inputs: the repo's shared folder, the seeds, MRPC pairs, one MiniLM encoder.</summary>
internal static class SemanticTestData
{
    private static readonly Lazy<MiniLmEncoder> LazyEncoder = new(() => new MiniLmEncoder());

    public static MiniLmEncoder Encoder => LazyEncoder.Value;

    public static string SharedDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NearDup.slnx")))
            {
                dir = dir.Parent;
            }

            if (dir is null)
            {
                throw new InvalidOperationException($"No NearDup.slnx above {AppContext.BaseDirectory}.");
            }

            return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        }
    }

    /// <summary>Seed text by its number prefix ("000" ... "004").</summary>
    public static string Seed(string number)
    {
        string dir = Path.Combine(SharedDirectory, "seeds");
        return File.ReadAllText(Directory.GetFiles(dir, number + "_*.txt").Single());
    }

    /// <summary>MRPC training pairs: tab-separated, quotes bare (not CSV), byte-order mark on the header.</summary>
    public static List<(bool Paraphrase, string A, string B)> Mrpc()
    {
        string path = Path.Combine(SharedDirectory, "eval", "mrpc", "msr_paraphrase_train.txt");
        var pairs = new List<(bool, string, string)>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] fields = line.Split('\t');
            if (fields.Length == 5)
            {
                pairs.Add((fields[0] == "1", fields[3], fields[4]));
            }
        }

        return pairs;
    }
}
