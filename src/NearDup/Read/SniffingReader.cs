namespace NearDup.Read;

/// <summary>
/// Reads a stream of unknown format (standard input): gzip or zstd is decompressed and sniffed again; then WARC when
/// it starts with "WARC/", JSON Lines when it starts with '{', else one text document.
/// </summary>
internal sealed class SniffingReader(Stream stream, string id, string origin, ReaderOptions options, IInputProblemSink problems)
    : IDocumentReader
{
    private const int SniffBytes = 4096;

    public async IAsyncEnumerable<Document> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Read until the first byte that is not whitespace (or a BOM), keeping what was read.
        byte[] prefix = new byte[SniffBytes];
        int length = 0;
        int first = -1;
        while (first < 0 && length < prefix.Length)
        {
            int read = await stream.ReadAsync(prefix.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            for (int i = length; i < length + read; i++)
            {
                byte b = prefix[i];
                bool skip = b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' || (i < 3 && b is 0xEF or 0xBB or 0xBF);
                if (!skip)
                {
                    first = b;
                    break;
                }
            }

            length += read;
        }

        var joined = new PrefixedStream(prefix.AsMemory(0, length), stream);
        var head = prefix.AsSpan(0, length);
        var compression = head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ? Compression.Gzip
            : head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]) ? Compression.Zstd
            : Compression.None;
        IDocumentReader reader;
        if (compression != Compression.None)
        {
            // Compressed input: sniff again inside (stdin of a .warc.gz or a .jsonl.zst).
            reader = new SniffingReader(InputStreams.Decompress(joined, compression, leaveOpen: true), id, origin, options, problems);
        }
        else if (head.TrimStart(" \t\r\n"u8).StartsWith("WARC/"u8))
        {
            reader = new WarcReader(joined, origin, options, problems);
        }
        else
        {
            reader = first == '{'
                ? new JsonLinesReader(joined, origin, options, problems)
                : new PlainTextReader(joined, id, origin, options, problems);
        }

        await foreach (var document in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return document;
        }
    }
}
