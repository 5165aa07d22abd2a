namespace NearDup.Pipeline;

/// <summary>
/// How far a scan is: reported through <see cref="ScanOptions.Progress"/> once per batch or window of a stage (and at
/// each stage's start and end), never per document, so reporting costs nothing measurable.
/// </summary>
/// <param name="Stage">The stage running.</param>
/// <param name="Done">Units of the stage done (documents or pairs: <see cref="ScanStage"/> says which).</param>
/// <param name="Total">Units the stage will do, when known ahead.</param>
/// <param name="Elapsed">Time since the stage started; with <paramref name="Done"/>, gives the rate and the time left.</param>
public readonly record struct ScanProgress(ScanStage Stage, long Done, long? Total, TimeSpan Elapsed)
{
    /// <summary>Units a second so far, or 0 before any time has passed.</summary>
    public double Rate => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far, when the total is known and some work is done.</summary>
    public TimeSpan? Remaining => Total is { } total && Done > 0 && Rate > 0
        ? TimeSpan.FromSeconds(Math.Max(0, total - Done) / Rate)
        : null;

    /// <summary>Reports a stage's progress to <paramref name="to"/>, if any (one report per batch or window).</summary>
    internal static void Send(IProgress<ScanProgress>? to, ScanStage stage, long done, long? total, System.Diagnostics.Stopwatch since) =>
        to?.Report(new ScanProgress(stage, done, total, since.Elapsed));
}
