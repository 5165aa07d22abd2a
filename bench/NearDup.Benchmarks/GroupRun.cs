using System.Diagnostics;
using NearDup.Group;
using NearDup.Read;
using NearDup.Text;

namespace NearDup.Benchmarks;

/// <summary>
/// The grouper's own steps over a JSON Lines corpus, without the rest of the scan: weigh the word counts
/// (<see cref="TermVectorBuilder.Build()"/>), the neighbour search (<see cref="TermVectors.FindPairs"/>) on one thread,
/// and the average-link merge over its pairs (no relations). First the word counting while reading (once, one thread,
/// timed a batch at a time), then process CPU seconds per step, repeated, and a checksum of the pairs and stories, so
/// a change can be timed and checked for the same output apart from a scan's other stages.
/// Usage: <c>dotnet run -c Release --project bench/NearDup.Benchmarks -- group FILE [REPEATS]</c>.
/// </summary>
internal static class GroupRun
{
    // Documents tokenized, then counted, at a time.
    private const int CountBatch = 1000;

    public static void Run(string path, int repeats)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        var options = new GroupOptions();
        var termCounts = new TermVectorBuilder(0, options.NameBoost);
        var tokenCounts = new List<int>();
        var reader = new JsonLinesReader(path, ReaderOptions.Default);
        var enumerator = reader.ReadAsync().GetAsyncEnumerator();
        // Documents are tokenized a batch at a time, then counted, so the count's CPU is timed apart from reading.
        var batch = new List<(string Text, Token[] Tokens)>(CountBatch);
        var countCpu = TimeSpan.Zero;
        void CountBatchOf()
        {
            var start = Cpu();
            foreach (var (text, tokens) in batch)
            {
                termCounts.Add(tokenCounts.Count, text.AsSpan(), tokens);
                tokenCounts.Add(tokens.Length);
            }

            countCpu += Cpu() - start;
            batch.Clear();
        }

        while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            var text = enumerator.Current.Text;
            batch.Add((text, Tokenizer.Tokenize(text)));
            if (batch.Count == CountBatch)
            {
                CountBatchOf();
            }
        }

        CountBatchOf();
        enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"count {countCpu.TotalSeconds:0.00} s ({tokenCounts.Count:N0} documents)");

        for (int r = 0; r < repeats; r++)
        {
            var start = Cpu();
            var terms = termCounts.Build();
            var buildCpu = Cpu() - start;

            start = Cpu();
            var pairs = terms.FindPairs(options.Neighbours, options.MinSimilarity, maxDegreeOfParallelism: 1);
            var searchCpu = Cpu() - start;
            ulong pairSum = 0;
            foreach (var (a, b, cosine) in pairs)
            {
                pairSum = (pairSum * 31) + (ulong)a + ((ulong)b << 20) + (ulong)BitConverter.DoubleToInt64Bits(cosine);
            }

            var evidence = new StoryEvidence(terms, null, null) { TermNeighbours = pairs };
            start = Cpu();
            var stories = new StoryGrouper(options).Group(tokenCounts.Count, [], tokenCounts.ToArray(), default, evidence);
            var groupCpu = Cpu() - start;
            ulong storySum = 0;
            foreach (var story in stories)
            {
                foreach (int member in story.Members)
                {
                    storySum = (storySum * 31) + (ulong)member;
                }

                storySum = (storySum * 31) + (ulong)story.Canonical;
            }

            Console.WriteLine($"build {buildCpu.TotalSeconds:0.00} s, search {searchCpu.TotalSeconds:0.00} s ({pairs.Count:N0} pairs {pairSum:x16}), "
                + $"merge {groupCpu.TotalSeconds:0.00} s ({stories.Count:N0} stories {storySum:x16})");
        }
    }
}
