using System.Runtime.CompilerServices;

namespace NearDup.Read;

/// <summary>An <see cref="IAsyncEnumerable{T}"/> of documents (a database cursor, a queue), as a reader for a scan.</summary>
internal sealed class AsyncSequenceReader(IAsyncEnumerable<Document> documents) : IDocumentReader
{
    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var doc in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return doc ?? throw new ArgumentException("The documents include null.", nameof(documents));
        }
    }
}
