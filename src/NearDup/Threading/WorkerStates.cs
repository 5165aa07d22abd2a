using System.Collections.Concurrent;

namespace NearDup.Threading;

/// <summary>
/// Per-thread working state for parallel loops (counters, buffers), made once per worker and reused.
/// </summary>
/// <remarks>
/// <c>Parallel.For</c>'s local state lives for one of its task replicas, and the loop ends and replaces a replica every
/// few tens of milliseconds (hundreds of times in a long loop), so a state of a few hundred kilobytes (a counter per
/// document) was allocated again each time: large-object churn and the full garbage collections it brings. Here a
/// replica takes an idle state and gives it back when it ends, so a loop makes as many states as it ever runs
/// threads at once; one instance serves several loops in turn.
/// </remarks>
/// <typeparam name="TState">The state; it must be left ready for the next item after each one.</typeparam>
internal sealed class WorkerStates<TState>(Func<TState> create)
    where TState : class
{
    private readonly ConcurrentBag<TState> idle = [];

    /// <summary>Runs <paramref name="body"/> for <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) in parallel.</summary>
    public void For(int from, int to, ParallelOptions options, Action<int, TState> body) =>
        Parallel.For(from, to, options, Take, (i, _, state) =>
        {
            body(i, state);
            return state;
        }, idle.Add);

    /// <summary>Runs <paramref name="body"/> for each of <paramref name="items"/> in parallel.</summary>
    public void ForEach<TItem>(IEnumerable<TItem> items, ParallelOptions options, Action<TItem, TState> body) =>
        Parallel.ForEach(items, options, Take, (item, _, state) =>
        {
            body(item, state);
            return state;
        }, idle.Add);

    /// <summary>Runs <paramref name="body"/> for each part <paramref name="partitioner"/> hands out (in its order, to whichever worker is free).</summary>
    public void ForEach<TItem>(Partitioner<TItem> partitioner, ParallelOptions options, Action<TItem, TState> body) =>
        Parallel.ForEach(partitioner, options, Take, (item, _, state) =>
        {
            body(item, state);
            return state;
        }, idle.Add);

    private TState Take() => idle.TryTake(out var state) ? state : create();
}
