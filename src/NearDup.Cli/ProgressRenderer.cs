using System.Diagnostics;
using System.Globalization;
using NearDup.Pipeline;

namespace NearDup.Cli;

/// <summary>
/// Draws <see cref="ScanProgress"/> on standard error: on a terminal a live line (stage, bar, count, rate, time
/// left) redrawn in place a few times a second; otherwise (redirected, CI) a plain line every
/// <c>interval</c>. Nothing is drawn until the run has lasted <c>delay</c>, so short runs stay silent.
/// </summary>
internal sealed class ProgressRenderer : IProgress<ScanProgress>, IDisposable
{
    private const int BarWidth = 24;
    private static readonly TimeSpan LiveRedraw = TimeSpan.FromMilliseconds(150);

    private readonly TextWriter output;
    private readonly bool live;
    private readonly TimeSpan interval;
    private readonly TimeSpan delay;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private TimeSpan lastDrawn;
    private ScanStage? lastStage;
    private int liveWidth;

    /// <param name="output">Where to draw (standard error).</param>
    /// <param name="live">Redraw one line in place (a terminal) rather than write lines.</param>
    /// <param name="interval">Plain mode: time between lines.</param>
    /// <param name="delay">Time before anything is drawn.</param>
    public ProgressRenderer(TextWriter output, bool live, TimeSpan interval, TimeSpan delay)
    {
        this.output = output;
        this.live = live;
        this.interval = interval;
        this.delay = delay;
    }

    /// <summary>The renderer the CLI uses: live on a terminal, a line every 5 s otherwise; null with --quiet.</summary>
    public static ProgressRenderer? ForStandardError(bool quiet) => quiet
        ? null
        : new ProgressRenderer(Console.Error, live: !Console.IsErrorRedirected, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

    public void Report(ScanProgress value)
    {
        lock (gate)
        {
            var now = clock.Elapsed;
            bool newStage = lastStage != value.Stage;
            if (now < delay || (!newStage && now - lastDrawn < (live ? LiveRedraw : interval)))
            {
                return;
            }

            string line = Describe(value);
            if (live)
            {
                if (newStage && lastStage is not null && liveWidth > 0)
                {
                    output.WriteLine();
                    liveWidth = 0;
                }

                output.Write("\r" + line.PadRight(liveWidth));
                liveWidth = line.Length;
            }
            else
            {
                output.WriteLine(line);
            }

            output.Flush();
            lastDrawn = now;
            lastStage = value.Stage;
        }
    }

    /// <summary>"verification [#####-----] 1,200/5,000 pairs (24%), 310/s, 0:12 left".</summary>
    internal static string Describe(ScanProgress p)
    {
        var inv = CultureInfo.InvariantCulture;
        string unit = p.Stage switch
        {
            ScanStage.Verification or ScanStage.SemanticScreen or ScanStage.SemanticVerification => "pairs",
            ScanStage.Grouping => "relations",
            ScanStage.Furniture => "stories",
            _ => "documents",
        };
        string name = p.Stage switch
        {
            ScanStage.Reading => "reading",
            ScanStage.Candidates => "candidates",
            ScanStage.Verification => "verification",
            ScanStage.SemanticVectors => "semantic vectors",
            ScanStage.SemanticScreen => "semantic screen",
            ScanStage.SemanticVerification => "semantic verification",
            ScanStage.Grouping => "grouping",
            _ => "furniture",
        };
        string rate = p.Rate > 0 ? string.Create(inv, $", {p.Rate:N0}/s") : "";
        if (p.Total is not { } total)
        {
            return string.Create(inv, $"{name}: {p.Done:N0} {unit}{rate}, {Clock(p.Elapsed)}");
        }

        double share = total > 0 ? Math.Clamp((double)p.Done / total, 0, 1) : 1;
        int filled = (int)Math.Round(share * BarWidth);
        string bar = "[" + new string('#', filled) + new string('-', BarWidth - filled) + "]";
        string left = p.Remaining is { } remaining ? ", " + Clock(remaining) + " left" : "";
        return string.Create(inv, $"{name} {bar} {p.Done:N0}/{total:N0} {unit} ({share * 100:0}%){rate}{left}");
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>Ends a live line, so that what follows starts on its own.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (live && liveWidth > 0)
            {
                output.WriteLine();
                output.Flush();
                liveWidth = 0;
            }
        }
    }
}
