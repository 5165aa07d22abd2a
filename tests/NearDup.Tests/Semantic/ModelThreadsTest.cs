using System.Diagnostics;
using System.Runtime.CompilerServices;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// A null reference on a thread that ran the int8 models is a <see cref="NullReferenceException"/>, not the end of
/// the process. On an AMX machine (Intel Sapphire Rapids) ONNX Runtime's int8 kernels use AMX tiles, the thread's
/// signal frames grow by the tile state for good, and the runtime's SIGSEGV handler, which turns a null dereference
/// into the exception, no longer fits its alternate stack: the process died with SIGSEGV (exit 139; docs/PERFORMANCE.md,
/// "Session 17: a crash on AMX machines"). The models now run on threads of their own (<see cref="ModelThreads"/>).
/// The check runs in a child process, this assembly running only the explicit test below, so that a crash fails
/// this test instead of ending the test run.
/// </summary>
public class ModelThreadsTest
{
    [Fact]
    public async Task NullReference_OnAThreadThatRanTheModels_IsCaught_NotACrash()
    {
        var token = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string child = $"{typeof(ModelThreadsTest).FullName}.{nameof(ModelsThenNullReference_OnOneThread)}";
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "NearDup.Tests.dll"), "-method", child, "-explicit", "only", "-noLogo", "-noColor" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(token);
        string stdout = await process.StandardOutput.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);

        string output = $"{stdout}{await stderr}";
        Assert.True(process.ExitCode == 0, $"the child exited with {process.ExitCode} (139: killed by SIGSEGV):\n{output}");
        Assert.Contains("Total: 1, Errors: 0, Failed: 0", output, StringComparison.Ordinal);
    }

    /// <summary>Run by the test above in a child process: both int8 models on one thread, then null dereferenced on it.</summary>
    [Fact(Explicit = true)]
    public void ModelsThenNullReference_OnOneThread()
    {
        int caught = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var encoder = SharedEncoder.Transformer(MiniLmPrecision.Int8);
                var vectors = new float[2 * encoder.Dimension];
                encoder.Encode(["The central bank raised its main interest rate on Tuesday.", "Rates went up."], vectors);
                caught += NullReferenceCaught();

                var probabilities = new float[1];
                SharedParaphraseVerifier.At(MiniLmPrecision.Int8).Score(["The bank raised rates on Tuesday."], ["On Tuesday the bank put rates up."], probabilities);
                caught += NullReferenceCaught();
            }
            catch (Exception e) when (e is not NullReferenceException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Equal(2, caught);
    }

    // A hardware fault, as a bug's null dereference is: the JIT cannot see the null through a call it may not inline.
    private static int NullReferenceCaught()
    {
        try
        {
            return LengthOf(null);
        }
        catch (NullReferenceException)
        {
            return 1;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int LengthOf(string? text) => text!.Length;
}
