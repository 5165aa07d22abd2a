using System.Diagnostics;
using System.Globalization;
using System.Text;
using NearDup.Index;

/// <summary>
/// What each slice of an ingest cost (every 100,000 documents): wall and CPU time, the index's stage times, and the
/// garbage collector's pauses and collections, as differences from the previous slice. A cost that grows from slice
/// to slice grows with the index, not with the batch.
/// </summary>
internal sealed class SliceReport
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private double[] stages = new double[Enum.GetValues<IndexStage>().Length];
    private TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private TimeSpan paused = GC.GetTotalPauseDuration();
    private long allocated = GC.GetTotalAllocatedBytes();
    private readonly int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private long documents;

    /// <summary>Starts the next slice afresh (after matching at a checkpoint, which is no part of the ingest).</summary>
    public void Resume(long added, IndexStageTimes times)
    {
        foreach (var stage in Enum.GetValues<IndexStage>())
        {
            stages[(int)stage] = times.Seconds(stage);
        }

        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        paused = GC.GetTotalPauseDuration();
        allocated = GC.GetTotalAllocatedBytes();
        for (int gen = 0; gen < 3; gen++)
        {
            collections[gen] = GC.CollectionCount(gen);
        }

        documents = added;
        wall.Restart();
    }

    /// <summary>Prints the slice that ends at <paramref name="added"/> documents, to standard error.</summary>
    public void Report(long added, IndexStageTimes times)
    {
        var text = new StringBuilder();
        double seconds = wall.Elapsed.TotalSeconds;
        var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
        var pausedNow = GC.GetTotalPauseDuration();
        long count = added - documents;
        text.Append(CultureInfo.InvariantCulture,
            $"slice {documents}-{added}: {count / seconds:0} docs/s wall, CPU {(cpuNow - cpu).TotalSeconds:0.0} s ({(cpuNow - cpu).TotalMilliseconds / count:0.00} ms a doc); stages:");
        var now = new double[stages.Length];
        foreach (var stage in Enum.GetValues<IndexStage>())
        {
            now[(int)stage] = times.Seconds(stage);
            text.Append(CultureInfo.InvariantCulture, $" {stage} {now[(int)stage] - stages[(int)stage]:0.0}");
        }

        long allocatedNow = GC.GetTotalAllocatedBytes();
        text.Append(CultureInfo.InvariantCulture, $"; allocated {(allocatedNow - allocated) / 1024.0 / count:0} KB a doc; GC paused {(pausedNow - paused).TotalSeconds:0.0} s, collections");
        for (int gen = 0; gen < 3; gen++)
        {
            int c = GC.CollectionCount(gen);
            text.Append(CultureInfo.InvariantCulture, $" gen{gen} {c - collections[gen]}");
            collections[gen] = c;
        }

        text.Append(CultureInfo.InvariantCulture, $"; heap {GC.GetTotalMemory(false) / 1048576.0:0} MB");
        Console.Error.WriteLine(text.ToString());
        (stages, cpu, paused, allocated, documents) = (now, cpuNow, pausedNow, allocatedNow, added);
        wall.Restart();
    }
}
