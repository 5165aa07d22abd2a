using System.Globalization;
using System.Text;

namespace NearDup.Server;

/// <summary>Counters for <c>/metrics</c> (Prometheus text format); lock-free, updated per request.</summary>
internal sealed class ServerMetrics
{
    private static readonly double[] Buckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];
    private readonly long[] matchBuckets = new long[Buckets.Length + 1];
    private readonly long[] addBuckets = new long[Buckets.Length + 1];
    private long matchCount;
    private long matchMicroseconds;
    private long addCount;
    private long addMicroseconds;
    private long documentsAdded;
    private long documentsMatched;
    private long refused;

    public void Matched(int documents, TimeSpan elapsed)
    {
        Interlocked.Add(ref documentsMatched, documents);
        Record(matchBuckets, ref matchCount, ref matchMicroseconds, elapsed);
    }

    public void Added(int documents, TimeSpan elapsed)
    {
        Interlocked.Add(ref documentsAdded, documents);
        Record(addBuckets, ref addCount, ref addMicroseconds, elapsed);
    }

    public void Refused() => Interlocked.Increment(ref refused);

    public string Render(long indexedDocuments)
    {
        var text = new StringBuilder();
        Counter(text, "neardup_documents_added_total", "Documents added through the service.", Interlocked.Read(ref documentsAdded));
        Counter(text, "neardup_documents_matched_total", "Documents matched without adding.", Interlocked.Read(ref documentsMatched));
        Counter(text, "neardup_requests_refused_total", "Requests refused (401, 403, 413, 429).", Interlocked.Read(ref refused));
        text.Append("# HELP neardup_index_documents Documents in the index.\n# TYPE neardup_index_documents gauge\n")
            .Append(CultureInfo.InvariantCulture, $"neardup_index_documents {indexedDocuments}\n");
        Histogram(text, "neardup_match_seconds", "Time of POST /v1/match requests.", matchBuckets, matchCount, matchMicroseconds);
        Histogram(text, "neardup_add_seconds", "Time of POST /v1/documents requests.", addBuckets, addCount, addMicroseconds);
        return text.ToString();
    }

    private static void Record(long[] buckets, ref long count, ref long microseconds, TimeSpan elapsed)
    {
        int i = 0;
        while (i < Buckets.Length && elapsed.TotalSeconds > Buckets[i])
        {
            i++;
        }

        Interlocked.Increment(ref buckets[i]);
        Interlocked.Increment(ref count);
        Interlocked.Add(ref microseconds, (long)elapsed.TotalMicroseconds);
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static void Histogram(StringBuilder text, string name, string help, long[] buckets, long count, long microseconds)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
        long cumulative = 0;
        for (int i = 0; i < Buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref buckets[i]);
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{Buckets[i]}\"}} {cumulative}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {Interlocked.Read(ref count)}\n")
            .Append(CultureInfo.InvariantCulture, $"{name}_sum {Interlocked.Read(ref microseconds) / 1e6}\n")
            .Append(CultureInfo.InvariantCulture, $"{name}_count {Interlocked.Read(ref count)}\n");
    }
}
