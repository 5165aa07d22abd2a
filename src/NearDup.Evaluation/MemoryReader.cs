using System.Runtime.CompilerServices;
using NearDup.Read;

namespace NearDup.Evaluation;

/// <summary>Documents already in memory, as a reader for the scan pipeline.</summary>
internal sealed class MemoryReader(IEnumerable<Document> documents) : IDocumentReader
{
    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var doc in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return doc;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
