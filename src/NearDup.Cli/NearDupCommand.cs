using System.CommandLine;

namespace NearDup.Cli;

/// <summary>The <c>neardup</c> root command with its subcommands; Program runs it, tests invoke it in process.</summary>
internal static class NearDupCommand
{
    public static RootCommand Create() => new("NearDup: finds where text was reused across collections of news and web documents.")
    {
        ScanCommand.Create(),
        ReportCommand.Create(),
        ExplainCommand.Create(),
        DedupCommand.Create(),
        SynthCommand.Create(),
        EvalCommand.Create(),
        IndexCommand.Create(),
        KeysCommand.Create(),
        ServeCommand.Create(),
    };
}
