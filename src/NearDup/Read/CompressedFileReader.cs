using System.Runtime.CompilerServices;

namespace NearDup.Read;

/// <summary>Opens a .gz/.zst file as a decompressing stream and hands it to the reader for the inner format.</summary>
internal sealed class CompressedFileReader(string path, IInputProblemSink problems, Func<Stream, IDocumentReader> inner) : IDocumentReader
{
    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream stream;
        try
        {
            stream = InputStreams.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Report(new InputProblem(path, null, null, "cannot read file: " + PlainTextReader.Reason(ex)));
            yield break;
        }

        await using (stream.ConfigureAwait(false))
        {
            await foreach (var document in inner(stream).ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return document;
            }
        }
    }
}
