namespace NearDup.Read;

/// <summary>
/// Collects the problems readers report: counts all of them, keeps the first <see cref="MaxKept"/>, and forwards
/// each to an optional callback (a logger, the console).
/// </summary>
public sealed class InputProblems : IInputProblemSink
{
    private readonly List<InputProblem> _kept = [];
    private readonly Action<InputProblem>? _onProblem;
    private readonly Lock _lock = new();
    private long _count;
    private long _notes;

    /// <param name="onProblem">Called for every problem, on the reader's thread.</param>
    /// <param name="maxKept">How many problems to keep in <see cref="Items"/>; the rest are only counted.</param>
    public InputProblems(Action<InputProblem>? onProblem = null, int maxKept = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxKept);
        _onProblem = onProblem;
        MaxKept = maxKept;
    }

    /// <summary>A sink that drops every problem.</summary>
    public static IInputProblemSink None { get; } = new InputProblems(maxKept: 0);

    public int MaxKept { get; }

    /// <summary>How many problems were reported, kept or not.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>How many reports were skips (<see cref="InputProblemSeverity.Skipped"/>).</summary>
    public long Skipped
    {
        get
        {
            lock (_lock)
            {
                return _count - _notes;
            }
        }
    }

    /// <summary>How many reports were notes (<see cref="InputProblemSeverity.Note"/>): input read whole.</summary>
    public long Notes
    {
        get
        {
            lock (_lock)
            {
                return _notes;
            }
        }
    }

    /// <summary>A snapshot of the kept problems, in the order reported.</summary>
    public IReadOnlyList<InputProblem> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _kept];
            }
        }
    }

    public void Report(InputProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        lock (_lock)
        {
            _count++;
            _notes += problem.Severity == InputProblemSeverity.Note ? 1 : 0;
            if (_kept.Count < MaxKept)
            {
                _kept.Add(problem);
            }
        }

        _onProblem?.Invoke(problem);
    }
}
