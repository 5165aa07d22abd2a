using System.CommandLine;
using NearDup.Cli;

var root = new RootCommand("NearDup: finds where text was reused across collections of news and web documents.")
{
    ScanCommand.Create(),
    SynthCommand.Create(),
    EvalCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
