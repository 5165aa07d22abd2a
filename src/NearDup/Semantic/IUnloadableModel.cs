namespace NearDup.Semantic;

/// <summary>
/// An encoder or verifier over a model the process shares (an ONNX Runtime session, tens of MB of native memory) that
/// can give its memory back when a run needs it no more: <see cref="Unload"/> frees it, and its next use loads it again.
/// </summary>
internal interface IUnloadableModel
{
    /// <summary>Frees the model now, or as its last running call ends; a later call loads it again.</summary>
    void Unload();

    /// <summary>Unloads each of <paramref name="models"/> that can be unloaded (the others are left alone).</summary>
    static void UnloadAll(params ReadOnlySpan<object?> models)
    {
        foreach (var model in models)
        {
            (model as IUnloadableModel)?.Unload();
        }
    }
}
