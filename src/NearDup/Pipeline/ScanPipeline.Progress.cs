using System.Diagnostics;

namespace NearDup.Pipeline;

/// <summary>Progress reports: one per batch or window of a stage, so that they cost nothing per document.</summary>
internal sealed partial class ScanPipeline
{
    private void Report(ScanStage stage, long done, long? total, Stopwatch since) => ScanProgress.Send(options.Progress, stage, done, total, since);
}
