using System.Diagnostics;
using System.IO.Compression;
using NearDup.Extract;

namespace NearDup.Evaluation;

/// <summary>Shared page loading and extractor runs of the two extraction evaluators.</summary>
internal static class ExtractionEvaluation
{
    /// <summary>Reads a page, un-gzipping <c>.gz</c> files.</summary>
    public static byte[] ReadPage(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }

        using FileStream file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Runs NearDup and (optionally) SmartReader on one page; returns texts and per-extractor ticks.</summary>
    public static (string NearDup, string? SmartReader, long NearDupTicks, long SmartReaderTicks, string? Error) RunPage(
        string path, string? url, ExtractionEvaluationOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = ReadPage(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return (string.Empty, options.CompareSmartReader ? string.Empty : null, 0, 0, $"{path}: {ex.Message}");
        }

        long t0 = Stopwatch.GetTimestamp();
        ExtractedArticle article = HtmlExtractor.Extract(bytes, null, options.Extractor);
        long t1 = Stopwatch.GetTimestamp();
        string? smart = null;
        long smartTicks = 0;
        if (options.CompareSmartReader)
        {
            // Same decoding for both: the comparison is of extraction, not of charset detection.
            CharsetDetection charset = CharsetDetector.Detect(bytes);
            string html = charset.Encoding.GetString(bytes.AsSpan(charset.PreambleLength));
            smart = HtmlExtractor.RunFallback(html, url);
            smartTicks = Stopwatch.GetTimestamp() - t1;
        }

        return (article.Text, smart, t1 - t0, smartTicks, null);
    }

    public static void RequireDirectory(string dataDir, string marker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"evaluation data folder not found: {dataDir}");
        }

        if (!File.Exists(Path.Combine(dataDir, marker)))
        {
            throw new FileNotFoundException($"{dataDir} holds no {marker}: is this the right evaluation set?", Path.Combine(dataDir, marker));
        }
    }
}
