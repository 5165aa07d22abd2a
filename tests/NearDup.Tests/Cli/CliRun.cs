using System.Text.RegularExpressions;
using NearDup.Cli;

namespace NearDup.Tests.Cli;

/// <summary>The exit code and the standard output and error of one in-process <c>neardup</c> run.</summary>
internal sealed partial record CliRun(int Exit, string Output, string Error)
{
    /// <summary>
    /// Standard error without the progress lines a run that lasts over a second writes when error is redirected
    /// (a loaded machine makes even the example scan that slow): what is left is warnings and errors.
    /// </summary>
    public string Problems => ProgressLine().Replace(Error, string.Empty);

    [GeneratedRegex(@"^(reading|candidates|verification|semantic vectors|semantic screen|semantic verification|grouping|furniture)[ :].*(\r?\n|$)", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    /// <summary>
    /// Runs <c>neardup ARGS</c> in this process. The commands write to <see cref="Console"/>, which is global: the
    /// tests that use this run in <see cref="CliCollection"/>, never beside other tests.
    /// </summary>
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        TextWriter oldOut = Console.Out;
        TextWriter oldError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exit = await NearDupCommand.Create().Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return new CliRun(exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
