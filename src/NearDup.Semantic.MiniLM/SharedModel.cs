namespace NearDup.Semantic.MiniLM;

/// <summary>
/// One model for the whole process, loaded on first use and unloaded when the last lease on it ends with no call
/// running (<see cref="IUnloadableModel"/>): a scan's ONNX sessions are out of memory between the semantic passes
/// that run them (docs/PERFORMANCE.md, "Session 11: dense peak memory").
/// </summary>
internal sealed class SharedModel<T>(Func<T> load)
    where T : class
{
    private readonly Lock gate = new();
    private T? model;
    private int users; // leases held and calls running
    private bool unloadWhenIdle; // a lease ended while a call ran outside it

    public bool IsLoaded
    {
        get
        {
            lock (gate)
            {
                return model is not null;
            }
        }
    }

    /// <summary>The model for one call, loaded if it is not; pair with <see cref="Return"/>.</summary>
    public T Take()
    {
        lock (gate)
        {
            model ??= load();
            users++;
            return model;
        }
    }

    /// <summary>Ends a call begun by <see cref="Take"/>.</summary>
    public void Return() => Leave(leaseEnded: false);

    public IDisposable Lease()
    {
        lock (gate)
        {
            users++;
            unloadWhenIdle = false;
        }

        return new ModelLease(this);
    }

    private void Leave(bool leaseEnded)
    {
        T? unloaded = null;
        lock (gate)
        {
            users--;
            unloadWhenIdle |= leaseEnded;
            if (users == 0 && unloadWhenIdle)
            {
                (unloaded, model, unloadWhenIdle) = (model, null, false);
            }
        }

        if (unloaded is IDisposable disposable)
        {
            disposable.Dispose();
            NativeHeap.Trim();
        }
    }

    private sealed class ModelLease(SharedModel<T> owner) : IDisposable
    {
        private SharedModel<T>? owner = owner;

        public void Dispose() => Interlocked.Exchange(ref owner, null)?.Leave(leaseEnded: true);
    }
}
