using System.Diagnostics;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Language;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// The lexical scan's front half, one step at a time on one thread, over a JSON Lines corpus: read (parse and
/// decode), tokenize, count words for the grouper, detect the language, fingerprint, store the text. Process CPU
/// seconds per step (less distorted by a loaded machine than wall time) and documents, tokens and bytes, which are
/// exact. Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- front FILE [MAXDOCS]</c>.
/// </summary>
internal static class FrontRun
{
    public static void Run(string path, int maxDocuments)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        var start = Cpu();
        var documents = new List<Document>();
        var reader = new JsonLinesReader(path, ReaderOptions.Default with { Parallelism = 1 });
        var enumerator = reader.ReadAsync().GetAsyncEnumerator();
        while (documents.Count < maxDocuments && enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            documents.Add(enumerator.Current);
        }

        enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var readCpu = Cpu() - start;
        long characters = documents.Sum(d => (long)d.Text.Length);

        Token[] buffer = new Token[1024];
        long tokens = 0;
        start = Cpu();
        foreach (var d in documents)
        {
            tokens += Tokenizer.Tokenize(d.Text, ref buffer);
        }

        var tokenizeCpu = Cpu() - start;

        long heapBefore = GC.GetTotalMemory(true);
        var termCounts = new TermVectorBuilder(0, new GroupOptions().NameBoost);
        start = Cpu();
        for (int i = 0; i < documents.Count; i++)
        {
            int n = Tokenizer.Tokenize(documents[i].Text, ref buffer);
            termCounts.Add(i, documents[i].Text.AsSpan(), buffer.AsSpan(0, n));
        }

        var countCpu = Cpu() - start - tokenizeCpu;
        long termBytes = GC.GetTotalMemory(true) - heapBefore;
        GC.KeepAlive(termCounts);

        start = Cpu();
        int english = 0;
        foreach (var d in documents)
        {
            english += LanguageDetector.Detect(d.Text) == "en" ? 1 : 0;
        }

        var languageCpu = Cpu() - start;

        var fingerprinter = new Fingerprinter(new FingerprintOptions { KeepWinnowPositions = true });
        long winnow = 0;
        start = Cpu();
        foreach (var d in documents)
        {
            int n = Tokenizer.Tokenize(d.Text, ref buffer);
            winnow += fingerprinter.Compute(buffer.AsSpan(0, n)).Winnow.Length;
        }

        var fingerprintCpu = Cpu() - start - tokenizeCpu;

        start = Cpu();
        using (var store = new TextStore(Path.GetTempPath()))
        {
            foreach (var d in documents)
            {
                store.Add(d.Text);
            }
        }

        var storeCpu = Cpu() - start;

        Console.WriteLine($"documents {documents.Count:N0}, characters {characters:N0}, tokens {tokens:N0}, winnow {winnow:N0}, english {english:N0}");
        Console.WriteLine($"word counts held: {termBytes / 1e6:0.0} MB");
        Console.WriteLine($"cpu seconds: read {readCpu.TotalSeconds:0.00}, tokenize {tokenizeCpu.TotalSeconds:0.00}, count words {countCpu.TotalSeconds:0.00}, "
            + $"language {languageCpu.TotalSeconds:0.00}, fingerprint {fingerprintCpu.TotalSeconds:0.00}, store {storeCpu.TotalSeconds:0.00}");
    }
}
