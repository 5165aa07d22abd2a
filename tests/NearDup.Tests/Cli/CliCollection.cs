namespace NearDup.Tests.Cli;

/// <summary>CLI runs redirect the process's console, so they run alone.</summary>
[CollectionDefinition(nameof(CliCollection), DisableParallelization = true)]
public sealed class CliCollection;
