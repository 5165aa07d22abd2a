using NearDup.Cli;

namespace NearDup.Tests.Cli;

[Collection(nameof(CliCollection))]
public sealed class EvalCommandTest
{
    [Fact]
    public async Task Eval_WithAMissingDataFolder_ExitsOne_AndNamesThePathTried()
    {
        string missing = Path.Combine(Path.GetTempPath(), "neardup-no-such-eval-" + Guid.NewGuid().ToString("N"));

        CliRun run = await CliRun.InvokeAsync("eval", "mrpc", "--data", missing);

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("data folder not found", run.Error, StringComparison.Ordinal);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_Default_ComesFromTheEnvironmentVariable_AndTheErrorNamesIt()
    {
        string root = Path.Combine(Path.GetTempPath(), "neardup-no-such-eval-" + Guid.NewGuid().ToString("N"));
        string? before = Environment.GetEnvironmentVariable(EvalCommand.DataVariable);
        Environment.SetEnvironmentVariable(EvalCommand.DataVariable, root);
        try
        {
            CliRun run = await CliRun.InvokeAsync("eval", "pan13");

            Assert.Equal(ExitCodes.Failed, run.Exit);
            Assert.Contains(Path.Combine(root, "pan13-no-obfuscation"), run.Error, StringComparison.Ordinal);
            Assert.Contains(EvalCommand.DataVariable, run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EvalCommand.DataVariable, before);
        }
    }

    [Fact]
    public void DefaultData_WithoutTheVariable_IsSharedEvalBelowTheCurrentDirectory()
    {
        string? before = Environment.GetEnvironmentVariable(EvalCommand.DataVariable);
        Environment.SetEnvironmentVariable(EvalCommand.DataVariable, null);
        try
        {
            Assert.Equal(Path.GetFullPath(Path.Combine("..", "shared", "eval", "mrpc")), EvalCommand.DefaultData("mrpc"));
            Assert.Null(EvalCommand.DefaultData("synthetic"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(EvalCommand.DataVariable, before);
        }
    }

    [Fact]
    public async Task Eval_OfAnUnknownSet_ExitsOne()
    {
        CliRun run = await CliRun.InvokeAsync("eval", "imagenet");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("imagenet", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synth_WithoutOut_ExitsOne_AndNamesTheOption()
    {
        CliRun run = await CliRun.InvokeAsync("synth", "--count", "10");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synth_WritesACorpusAndItsTruth_AndExitsZero()
    {
        string dir = Directory.CreateTempSubdirectory("neardup-cli-synth-").FullName;
        try
        {
            CliRun run = await CliRun.InvokeAsync("synth", "--count", "50", "--out", dir);

            Assert.Equal(ExitCodes.Ok, run.Exit);
            Assert.True(new FileInfo(Path.Combine(dir, "corpus.jsonl")).Length > 0);
            Assert.True(File.Exists(Path.Combine(dir, "truth.tsv")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
