using System.Runtime.CompilerServices;

namespace NearDup.Read;

/// <summary>Documents already in memory (a list, a LINQ query, a generator), as a reader for a scan.</summary>
/// <remarks>Enumerates <c>documents</c> lazily, once per <see cref="ReadAsync"/>; a null document is a caller bug.</remarks>
internal sealed class MemoryReader : IDocumentReader
{
    private readonly IEnumerable<Document> documents;

    public MemoryReader(IEnumerable<Document> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        this.documents = documents;
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var doc in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return doc ?? throw new ArgumentException("The documents include null.", nameof(documents));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
