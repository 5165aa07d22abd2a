using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NearDup.Index;

/// <summary>
/// Where the time of adds and matches goes, summed over the index's life (Stopwatch ticks, one counter per stage);
/// read by the load benchmark to profile. Stages of concurrent matches overlap, so their sum can exceed wall time.
/// </summary>
internal sealed class IndexStageTimes
{
    private readonly long[] ticks = new long[Enum.GetValues<IndexStage>().Length];
    private readonly long[] calls = new long[Enum.GetValues<IndexStage>().Length];

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <paramref name="stage"/>; returns now.</summary>
    public long Add(IndexStage stage, long start)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref ticks[(int)stage], now - start);
        Interlocked.Increment(ref calls[(int)stage]);
        return now;
    }

    private long proposed;
    private long read;
    private long aligned;

    /// <summary>Counts one document's candidates: proposed by a posting, whose record was read, aligned.</summary>
    public void Count(int proposedCount, int readCount, int alignedCount)
    {
        Interlocked.Add(ref proposed, proposedCount);
        Interlocked.Add(ref read, readCount);
        Interlocked.Add(ref aligned, alignedCount);
    }

    /// <summary>Times <paramref name="stage"/> was passed through.</summary>
    public long Calls(IndexStage stage) => Interlocked.Read(ref calls[(int)stage]);

    /// <summary>Seconds spent in <paramref name="stage"/>.</summary>
    public double Seconds(IndexStage stage) => (double)Interlocked.Read(ref ticks[(int)stage]) / Stopwatch.Frequency;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var stage in Enum.GetValues<IndexStage>())
        {
            text.Append(CultureInfo.InvariantCulture, $"{stage} {Seconds(stage):0.00} s ({Calls(stage)}); ");
        }

        text.Append(CultureInfo.InvariantCulture, $"candidates proposed {Interlocked.Read(ref proposed)}, records read {Interlocked.Read(ref read)}, aligned {Interlocked.Read(ref aligned)}");
        return text.ToString();
    }
}

/// <summary>The stages <see cref="IndexStageTimes"/> counts.</summary>
internal enum IndexStage
{
    /// <summary>Fingerprinting the documents of a call (and their vectors).</summary>
    Prepare,
    /// <summary>Waiting for the write gate and the store's write lock.</summary>
    WriteLock,
    /// <summary>Looking up the batch's ids and the next number.</summary>
    Existing,
    /// <summary>Reading the posting lists of every key of the call.</summary>
    Prefetch,
    /// <summary>Collecting candidates from the postings and reading their records.</summary>
    Candidates,
    /// <summary>Reading the texts of the best candidates.</summary>
    Texts,
    /// <summary>Aligning and relating candidates.</summary>
    Relate,
    /// <summary>Meaning-level matching.</summary>
    Meaning,
    /// <summary>Stories by word similarity: placing each new document (inside <see cref="Assemble"/>), and reading the
    /// indexed documents' words at the first add.</summary>
    Words,
    /// <summary>The whole per-document loop of an add (its matching stages included) up to the commit.</summary>
    Assemble,
    /// <summary>The store's commit.</summary>
    Commit,
}
