namespace NearDup.Semantic;

/// <summary>
/// An encoder or verifier over a model the process shares (an ONNX Runtime session, ~70 MB of native memory each
/// for MiniLM) that can be unloaded between the passes that run it: a pass holds a <see cref="Lease"/>, and when the
/// last lease ends with no call running the model is unloaded, to be loaded again by its next use. Calls outside a
/// lease load the model as before and leave it loaded.
/// </summary>
internal interface IUnloadableModel
{
    /// <summary>Keeps the model from being unloaded until disposed; disposing the last lease unloads it.</summary>
    IDisposable Lease();

    /// <summary>Leases of each of <paramref name="models"/> that can be unloaded (others are left alone), ended together.</summary>
    static IDisposable LeaseAll(params ReadOnlySpan<object?> models)
    {
        var leases = new List<IDisposable>(models.Length);
        foreach (var model in models)
        {
            if (model is IUnloadableModel unloadable)
            {
                leases.Add(unloadable.Lease());
            }
        }

        return new Leases(leases);
    }

    private sealed class Leases(List<IDisposable> leases) : IDisposable
    {
        public void Dispose()
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }

            leases.Clear();
        }
    }
}
