namespace NearDup.Cli;

/// <summary>Process exit codes, as README.md documents them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The run could not be done (bad arguments, unreadable input path).</summary>
    public const int Failed = 1;

    /// <summary>The run completed but some input was skipped or repaired; the report lists where and why.</summary>
    public const int InputSkipped = 3;
}
