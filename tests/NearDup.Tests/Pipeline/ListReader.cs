using System.Runtime.CompilerServices;
using NearDup.Read;

namespace NearDup.Tests.Pipeline;

/// <summary>Documents held in memory, read in order.</summary>
internal sealed class ListReader(IEnumerable<Document> documents) : IDocumentReader
{
    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var doc in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return doc;
        }

        await Task.CompletedTask;
    }
}
