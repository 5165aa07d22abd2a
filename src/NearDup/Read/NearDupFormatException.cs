namespace NearDup.Read;

/// <summary>Bad input, for callers that want an exception rather than a reported <see cref="InputProblem"/>.</summary>
public sealed class NearDupFormatException : Exception
{
    public NearDupFormatException()
        : this("bad input")
    {
    }

    public NearDupFormatException(string message)
        : base(message)
    {
        Origin = string.Empty;
    }

    public NearDupFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Origin = string.Empty;
    }

    public NearDupFormatException(InputProblem problem)
        : base(problem?.ToString())
    {
        ArgumentNullException.ThrowIfNull(problem);
        Origin = problem.Origin;
        Line = problem.Line;
        ByteOffset = problem.ByteOffset;
    }

    public string Origin { get; }

    public long? Line { get; }

    public long? ByteOffset { get; }

    /// <summary>A sink that throws on the first problem (notes are not problems), for callers that want to stop there.</summary>
    public static IInputProblemSink ThrowingSink { get; } = new Thrower();

    private sealed class Thrower : IInputProblemSink
    {
        public void Report(InputProblem problem)
        {
            if (problem.Severity != InputProblemSeverity.Note)
            {
                throw new NearDupFormatException(problem);
            }
        }
    }
}
