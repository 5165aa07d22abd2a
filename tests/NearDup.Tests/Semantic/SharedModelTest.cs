using NearDup.Semantic;
using NearDup.Semantic.MiniLM;

namespace NearDup.Tests.Semantic;

/// <summary>
/// The process's shared models (<see cref="SharedModel{T}"/>): loaded on use, unloaded when the last lease ends with
/// no call running, loaded again by the next use.
/// </summary>
public class SharedModelTest
{
    private sealed class Model : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void LastLease_UnloadsTheModel_AndTheNextUseLoadsItAgain()
    {
        int loads = 0;
        var shared = new SharedModel<Model>(() => { loads++; return new Model(); });
        var first = IUnloadableModel.LeaseAll(new Lessee(shared), new Lessee(shared), "not a model");
        var model = shared.Take();
        shared.Return();
        Assert.True(shared.IsLoaded);

        first.Dispose();
        Assert.False(shared.IsLoaded);
        Assert.True(model.Disposed);

        Assert.NotSame(model, shared.Take());
        shared.Return();
        Assert.Equal(2, loads);
        Assert.True(shared.IsLoaded); // used outside a lease: it stays
    }

    [Fact]
    public void LeaseEndingDuringACall_UnloadsWhenTheCallEnds()
    {
        var shared = new SharedModel<Model>(() => new Model());
        var lease = shared.Lease();
        var model = shared.Take(); // a call outside the lease (another user of the process's model)
        lease.Dispose();
        Assert.False(model.Disposed);

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
        using (IUnloadableModel.LeaseAll(encoder))
        {
            encoder.Encode(sentences, before);
        }

        encoder.Encode(sentences, after);
        Assert.Equal(before, after);
    }

    private sealed class Lessee(SharedModel<Model> shared) : IUnloadableModel
    {
        public IDisposable Lease() => shared.Lease();
    }
}
