using NearDup.Read;

namespace NearDup.Evaluation;

/// <summary>The evaluators' in-memory reader: forwards to the public <see cref="Read.MemoryReader"/>.</summary>
internal sealed class MemoryReader(IEnumerable<Document> documents) : IDocumentReader
{
    private readonly Read.MemoryReader inner = new(documents);

    public IAsyncEnumerable<Document> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);
}
