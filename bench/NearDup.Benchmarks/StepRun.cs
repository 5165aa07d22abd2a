using System.Diagnostics;
using System.Text;
using NearDup.Fingerprint;
using NearDup.Group;
using NearDup.Language;
using NearDup.Read;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// The per-document front's steps over the first documents of a JSON Lines corpus (real texts, so the branch
/// predictor cannot learn one text as the <c>cpu</c> mode's repeated document lets it), timed on a loaded machine:
/// each step runs over chunks of 32 documents, every chunk many times, and the fastest run of each chunk counts (a
/// run that no other process interrupted). Prints µs a document per step.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- steps FILE [DOCS=2000] [RUNS=15]</c>.
/// </summary>
internal static class StepRun
{
    private const int Chunk = 32;

    public static void Run(string path, int count, int runs)
    {
        var lines = File.ReadLines(path).Take(count).Select(Encoding.UTF8.GetBytes).ToArray();
        var texts = new string[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            int at = lines[i].AsSpan().IndexOf("\"text\""u8) + 6;
            texts[i] = JsonTextField.TryRead(lines[i], at, out string? text, out _) ? text! : throw new InvalidOperationException($"line {i}: text not read");
        }

        var fingerprinter = new Fingerprinter();
        Token[] buffer = new Token[1024];
        long sink = 0;
        Measure("json text field", lines.Length, runs, i =>
        {
            int at = lines[i].AsSpan().IndexOf("\"text\""u8) + 6;
            JsonTextField.TryRead(lines[i], at, out string? t, out _);
            sink += t!.Length;
        });
        Measure("tokenize", lines.Length, runs, i => sink += Tokenizer.Tokenize(texts[i], ref buffer));
        Measure("language", lines.Length, runs, i => sink += LanguageDetector.Detect(texts[i]).Length);
        Measure("tokenize + fingerprint", lines.Length, runs, i =>
        {
            int n = Tokenizer.Tokenize(texts[i], ref buffer);
            sink += fingerprinter.Compute(buffer.AsSpan(0, n)).Winnow.Length;
        });
        var tokens = texts.Select(Tokenizer.Tokenize).ToArray();
        var shingles = tokens.Select(t => new ulong[Shingler.Count(t.Length, 5)]).ToArray();
        Measure("fingerprint (tokens)", lines.Length, runs, i => sink += fingerprinter.Compute(tokens[i]).Winnow.Length);
        Measure("shingle", lines.Length, runs, i => sink += Shingler.Write(tokens[i], 5, shingles[i]));
        uint[] signature = new uint[128];
        var options = new FingerprintOptions();
        Measure("minhash", lines.Length, runs, i => MinHash.Compute(shingles[i], signature, options));
        var selected = new WinnowFingerprint[shingles.Max(s => s.Length)];
        Measure("winnow select", lines.Length, runs, i => sink += Winnower.Select(shingles[i], 6, selected));
        ulong[] keys = new ulong[selected.Length];
        int[] positions = new int[selected.Length];
        Measure("winnow select + sort", lines.Length, runs, i =>
        {
            int n = Winnower.Select(shingles[i], 6, selected);
            for (int k = 0; k < n; k++)
            {
                keys[k] = selected[k].Hash;
                positions[k] = selected[k].Position;
            }

            HashSort.Sort(keys.AsSpan(0, n), positions.AsSpan(0, n));
            sink += n;
        });
        Measure("content hash", lines.Length, runs, i => sink += (long)ContentHash.Compute(tokens[i]));
        // The grouper's word counts as the scan makes them (rows of one ordinal are replaced, the old left unused).
        var counts = new TermVectorBuilder(lines.Length, 2);
        Measure("count words (tokens)", lines.Length, runs, i => counts.Add(i, texts[i], tokens[i]));
        Measure("tokenize + count + fp", lines.Length, runs, i =>
        {
            int n = Tokenizer.Tokenize(texts[i], ref buffer);
            counts.Add(i, texts[i].AsSpan(), buffer.AsSpan(0, n));
            sink += fingerprinter.Compute(buffer.AsSpan(0, n)).Winnow.Length;
        });
        GC.KeepAlive(sink);
    }

    private static void Measure(string name, int documents, int runs, Action<int> step)
    {
        for (int i = 0; i < documents; i++)
        {
            step(i); // through the JIT tiers
        }

        Thread.Sleep(200);
        for (int i = 0; i < documents; i++)
        {
            step(i);
        }

        double total = 0;
        var watch = new Stopwatch();
        for (int first = 0; first < documents; first += Chunk)
        {
            int end = Math.Min(documents, first + Chunk);
            double best = double.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                watch.Restart();
                for (int i = first; i < end; i++)
                {
                    step(i);
                }

                best = Math.Min(best, watch.Elapsed.TotalMicroseconds);
            }

            total += best;
        }

        Console.WriteLine($"{name,-26} {total / documents,8:0.00} µs a document");
    }
}
