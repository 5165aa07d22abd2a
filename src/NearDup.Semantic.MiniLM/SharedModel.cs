namespace NearDup.Semantic.MiniLM;

/// <summary>
/// One model for the whole process, loaded on first use; <see cref="Unload"/> disposes it once no call runs, and the
/// next call loads it again (<see cref="IUnloadableModel"/>). Thread-safe.
/// </summary>
internal sealed class SharedModel<T>(Func<T> load)
    where T : class
{
    private readonly Lock gate = new();
    private T? model;
    private int calls; // running now
    private bool unloadWhenIdle; // unloading was asked for while a call ran

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
            calls++;
            return model;
        }
    }

    /// <summary>Ends a call begun by <see cref="Take"/>.</summary>
    public void Return()
    {
        T? unloaded = null;
        lock (gate)
        {
            if (--calls == 0 && unloadWhenIdle)
            {
                (unloaded, model, unloadWhenIdle) = (model, null, false);
            }
        }

        Free(unloaded);
    }

    /// <inheritdoc cref="IUnloadableModel.Unload"/>
    public void Unload()
    {
        T? unloaded = null;
        lock (gate)
        {
            if (calls == 0)
            {
                (unloaded, model) = (model, null);
            }
            else
            {
                unloadWhenIdle = true;
            }
        }

        Free(unloaded);
    }

    private static void Free(T? unloaded)
    {
        if (unloaded is IDisposable disposable)
        {
            disposable.Dispose();
            NativeHeap.Trim();
        }
    }
}
