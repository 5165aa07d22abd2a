namespace NearDup.Read;

/// <summary>How much an <see cref="InputProblem"/> cost the run.</summary>
public enum InputProblemSeverity
{
    /// <summary>Input (a file, a record, a row) was left out, or had to be repaired to be read; exit code 3.</summary>
    Skipped,

    /// <summary>The input was read whole, with something worth knowing (e.g. "decoded as windows-1252").</summary>
    Note,
}
