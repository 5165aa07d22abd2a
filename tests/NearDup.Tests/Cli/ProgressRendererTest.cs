using System.Diagnostics;
using NearDup.Cli;
using NearDup.Pipeline;
using NearDup.Read;

namespace NearDup.Tests.Cli;

public class ProgressRendererTest
{
    private static async Task ScanExamples(ProgressRenderer renderer)
    {
        var problems = new InputProblems();
        var options = new ScanOptions { Progress = renderer };
        string examples = Path.Combine(TestPaths.RepoRoot, "examples", "news");
        using var result = await new ScanPipeline(options).RunAsync(DocumentReaders.Open(examples, problems: problems), problems,
            TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task PlainMode_WritesOneLinePerStage_WithoutCarriageReturns()
    {
        using var error = new StringWriter();
        using (var renderer = new ProgressRenderer(error, live: false, interval: TimeSpan.FromHours(1), delay: TimeSpan.Zero))
        {
            await ScanExamples(renderer);
        }

        string[] lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', error.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
        Assert.StartsWith("reading: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("verification [", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("furniture [", StringComparison.Ordinal));
        Assert.Equal(lines.Length, lines.Distinct().Count()); // an hour's interval: one line each time the stage changes
    }

    [Fact]
    public void EveryStagesLine_IsToldApartFromAWarning_ByTheCliTests()
    {
        const string warning = "warning: a.txt: invalid UTF-8 at byte 3, decoded as windows-1252";
        string error = string.Join(Environment.NewLine, Enum.GetValues<ScanStage>()
            .SelectMany(stage => new[]
            {
                ProgressRenderer.Describe(new ScanProgress(stage, 12, 40, TimeSpan.FromSeconds(3))),
                ProgressRenderer.Describe(new ScanProgress(stage, 12, null, TimeSpan.FromSeconds(3))),
            })
            .Append(warning)) + Environment.NewLine;

        Assert.Equal(warning + Environment.NewLine, new CliRun(0, string.Empty, error).Problems);
    }

    [Fact]
    public async Task BeforeTheDelay_NothingIsDrawn()
    {
        using var error = new StringWriter();
        using (var renderer = new ProgressRenderer(error, live: true, interval: TimeSpan.Zero, delay: TimeSpan.FromHours(1)))
        {
            await ScanExamples(renderer);
        }

        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Describe_GivesStageBarCountRateAndTimeLeft()
    {
        var line = ProgressRenderer.Describe(new ScanProgress(ScanStage.SemanticVerification, 250, 1000, TimeSpan.FromSeconds(5)));

        Assert.Equal("semantic verification [######------------------] 250/1,000 pairs (25%), 50/s, 0:15 left", line);
        Assert.Equal("reading: 1,200 documents, 600/s, 0:02",
            ProgressRenderer.Describe(new ScanProgress(ScanStage.Reading, 1200, null, TimeSpan.FromSeconds(2))));
    }

    [Fact]
    public void LiveMode_RedrawsOneLineInPlace_AndEndsIt()
    {
        using var error = new StringWriter();
        using (var renderer = new ProgressRenderer(error, live: true, interval: TimeSpan.Zero, delay: TimeSpan.Zero))
        {
            renderer.Report(new ScanProgress(ScanStage.Reading, 10, null, TimeSpan.FromSeconds(1)));
            renderer.Report(new ScanProgress(ScanStage.Verification, 0, 10, TimeSpan.Zero));
        }

        string text = error.ToString();
        Assert.StartsWith("\rreading: 10 documents", text, StringComparison.Ordinal);
        Assert.Contains(Environment.NewLine + "\rverification [", text, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_WritesNothingOnStandardError()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "NearDup.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "scan", Path.Combine(TestPaths.RepoRoot, "examples", "news"), "--semantic", "off", "--quiet", "--format", "csv" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", stderr);
        Assert.StartsWith("a,b,kind", await stdout, StringComparison.Ordinal);
    }
}
