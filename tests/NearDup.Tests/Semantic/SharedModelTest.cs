using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// The process's shared models (<see cref="SharedModel{T}"/>): loaded on use, unloaded on request once no call
/// runs, loaded again by the next use.
/// </summary>
public class SharedModelTest
{
    private sealed class Model : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void Unload_DisposesTheModel_AndTheNextUseLoadsItAgain()
    {
        int loads = 0;
        var shared = new SharedModel<Model>(() => { loads++; return new Model(); });
        var model = shared.Take();
        shared.Return();
        Assert.True(shared.IsLoaded);

        IUnloadableModel.UnloadAll(new Unloadable(shared), "not a model", null);
        Assert.False(shared.IsLoaded);
        Assert.True(model.Disposed);

        Assert.NotSame(model, shared.Take());
        shared.Return();
        Assert.Equal(2, loads);
        Assert.True(shared.IsLoaded);
    }

    [Fact]
    public void UnloadDuringACall_UnloadsWhenTheCallEnds()
    {
        var shared = new SharedModel<Model>(() => new Model());
        var model = shared.Take(); // a call running (another user of the process's model)
        shared.Unload();
        Assert.False(model.Disposed);
        Assert.True(shared.IsLoaded);

        shared.Return();
        Assert.True(model.Disposed);
        Assert.False(shared.IsLoaded);
    }

    [Fact]
    public void SharedTransformer_EncodesTheSame_AfterItWasUnloaded()
    {
        var encoder = (SharedEncoder)MiniLmPresets.Transformer();
        string[] sentences = ["The central bank raised its main interest rate on Tuesday."];
        var before = new float[encoder.Dimension];
        var after = new float[encoder.Dimension];
        encoder.Encode(sentences, before);
        encoder.Unload();
        encoder.Encode(sentences, after);
        Assert.Equal(before, after);
    }

    private sealed class Unloadable(SharedModel<Model> shared) : IUnloadableModel
    {
        public void Unload() => shared.Unload();
    }
}
