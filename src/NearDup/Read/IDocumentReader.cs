namespace NearDup.Read;

/// <summary>Streams the documents of one input (a folder, a JSON Lines file, a stream) one at a time.</summary>
/// <remarks>
/// A reader never loads the whole corpus. Bad records are reported to the <see cref="IInputProblemSink"/> the reader
/// was built with and skipped; the enumeration goes on. Enumerate once.
/// </remarks>
public interface IDocumentReader
{
    IAsyncEnumerable<Document> ReadAsync(CancellationToken cancellationToken = default);
}
