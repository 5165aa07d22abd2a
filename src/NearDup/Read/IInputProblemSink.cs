namespace NearDup.Read;

/// <summary>Receives the problems a reader meets; readers report and go on rather than throw.</summary>
/// <remarks>Implementations must be safe to call from several readers at once.</remarks>
public interface IInputProblemSink
{
    void Report(InputProblem problem);
}
