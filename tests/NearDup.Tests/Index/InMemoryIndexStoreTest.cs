using NearDup.Index;

namespace NearDup.Tests.Index;

public sealed class InMemoryIndexStoreTest : IndexStoreTest
{
    private protected override IIndexStore CreateStore() => new InMemoryIndexStore();

    private protected override bool OpensShareTheIndex => false;
}
