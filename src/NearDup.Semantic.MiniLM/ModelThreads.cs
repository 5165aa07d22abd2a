using System.Runtime.ExceptionServices;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The threads the MiniLM models run on: every ONNX Runtime run of <see cref="MiniLmModel.RunHidden"/> is handed to
/// one of them, and its caller waits (one handoff per batch of a few milliseconds). With one intra-op thread the
/// thread that calls <c>Run</c> does the computing, and on a CPU with AMX (Intel Sapphire Rapids and later) ORT's int8
/// kernels use its tiles: from a thread's first tile instruction the kernel saves ~8 KB more state in each of its
/// signal frames, for the thread's life. .NET's SIGSEGV handler, which turns a null dereference into a
/// <see cref="NullReferenceException"/>, runs on an alternate stack sized without that state (16 KB; no setting
/// enlarges it), so on such a thread any null dereference killed the process (SIGSEGV, exit 139) instead of failing
/// one document or one request. These threads run nothing but the models, so the tiles never reach the scan's and the
/// server's own threads (docs/PERFORMANCE.md, "Session 18: a null reference after a model run no longer kills the
/// process"). One thread per core, as many as a scan's workers; they start on first use and live as long as the process.
/// </summary>
internal static class ModelThreads
{
    private static readonly object Gate = new();
    private static readonly Queue<Job> Pending = Start(Environment.ProcessorCount);
    private static int idle; // model threads waiting for a run

    [ThreadStatic]
    private static bool isModelThread;

    /// <summary>
    /// <paramref name="run"/> over <paramref name="state"/> on a model thread; the caller waits for its result (or its
    /// exception). Allocates nothing after a calling thread's first call (pass a static lambda).
    /// </summary>
    public static TResult Run<TState, TResult>(Func<TState, TResult> run, TState state)
    {
        if (isModelThread)
        {
            return run(state); // already on one: waiting for another could wait for itself
        }

        var job = Job<TState, TResult>.OfThisThread ??= new Job<TState, TResult>();
        job.Prepare(run, state);
        lock (Gate)
        {
            Pending.Enqueue(job);
            if (idle > 0)
            {
                Monitor.Pulse(Gate);
            }
        }

        return job.Result();
    }

    // Monitor rather than a BlockingCollection: its semaphore spins before it sleeps, and a model thread waiting
    // between runs a few milliseconds apart only took a core from the callers (bench model-threads).
    private static Queue<Job> Start(int count)
    {
        var pending = new Queue<Job>();
        for (int t = 0; t < count; t++)
        {
            new Thread(() =>
            {
                isModelThread = true;
                while (true)
                {
                    Job job;
                    lock (Gate)
                    {
                        while (pending.Count == 0)
                        {
                            idle++;
                            Monitor.Wait(Gate);
                            idle--;
                        }

                        job = pending.Dequeue();
                    }

                    job.Execute();
                }
            })
            { IsBackground = true, Name = "NearDup model" }.Start();
        }

        return pending;
    }

    /// <summary>One run handed over; each calling thread reuses its own (it waits for one at a time).</summary>
    private abstract class Job
    {
        // Few spins: a run takes milliseconds, and spinning would take a core from the run on a busy machine.
        private readonly ManualResetEventSlim done = new(false, spinCount: 1);
        private ExceptionDispatchInfo? failure;

        public void Execute()
        {
            try
            {
                Compute();
            }
#pragma warning disable CA1031 // Any exception goes back to the caller, rethrown there.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            done.Set();
        }

        protected abstract void Compute();

        /// <summary>Waits for <see cref="Execute"/>, then rethrows its exception if it threw.</summary>
        protected void Wait()
        {
            done.Wait();
            done.Reset();
            var thrown = failure;
            failure = null;
            thrown?.Throw();
        }
    }

    private sealed class Job<TState, TResult> : Job
    {
        [ThreadStatic]
        public static Job<TState, TResult>? OfThisThread;

        private Func<TState, TResult>? run;
        private TState? state;
        private TResult? result;

        public void Prepare(Func<TState, TResult> run, TState state) => (this.run, this.state) = (run, state);

        protected override void Compute() => result = run!(state!);

        public TResult Result()
        {
            try
            {
                Wait();
                return result!;
            }
            finally
            {
                (run, state, result) = (null, default, default); // hold no session or tensors past the run
            }
        }
    }
}
