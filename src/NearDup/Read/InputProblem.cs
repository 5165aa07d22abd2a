namespace NearDup.Read;

/// <summary>
/// A piece of input that could not be read, with where and why (the run goes on without it), or a note on how it
/// was read (<see cref="Severity"/>).
/// </summary>
/// <param name="Origin">The file path, or <c>-</c> for standard input.</param>
/// <param name="Line">The 1-based line, for line formats (JSON Lines); otherwise null.</param>
/// <param name="ByteOffset">The 0-based byte offset in the file or stream where the problem is, when known.</param>
/// <param name="Message">What is wrong and why, e.g. "invalid UTF-8 at byte 1234".</param>
public sealed record InputProblem(string Origin, long? Line, long? ByteOffset, string Message)
{
    /// <summary>Skipped (default) or only a note; only skips make the scan's exit code 3.</summary>
    public InputProblemSeverity Severity { get; init; }

    public override string ToString()
    {
        string where = Line is { } line ? $"{Origin}:{line}" : Origin;
        return ByteOffset is { } offset ? $"{where} (byte {offset}): {Message}" : $"{where}: {Message}";
    }
}
