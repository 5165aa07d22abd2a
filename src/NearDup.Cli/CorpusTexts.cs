using NearDup.Read;

namespace NearDup.Cli;

/// <summary>Reads documents of a corpus back by id, through the engine's own readers: the texts offsets refer to.</summary>
internal static class CorpusTexts
{
    /// <summary>
    /// The documents of <paramref name="path"/> whose id <paramref name="wanted"/> accepts (all when null), by id; a
    /// repeated id keeps its first document, as the scan does before renaming the others.
    /// </summary>
    public static async Task<Dictionary<string, Document>> ReadAsync(
        string path, ReaderOptions options, Func<string, bool>? wanted, IInputProblemSink? problems, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Document>(StringComparer.Ordinal);
        await foreach (var d in DocumentReaders.Open(path, options, problems).ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (wanted is null || wanted(d.Id))
            {
                found.TryAdd(d.Id, d);
            }
        }

        return found;
    }

    /// <summary>
    /// Texts of the documents <paramref name="origins"/> names (id → origin, as a scan's JSON records it): each file
    /// is read once, a <c>path:line</c> origin by its path; documents whose file is gone are left out.
    /// </summary>
    public static async Task<Dictionary<string, string>> FromOriginsAsync(IReadOnlyDictionary<string, string> origins, ReaderOptions options, CancellationToken cancellationToken)
    {
        var byFile = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (id, origin) in origins)
        {
            string? file = File.Exists(origin) ? origin : StripLine(origin);
            if (file is null)
            {
                continue;
            }

            if (!byFile.TryGetValue(file, out var ids))
            {
                byFile.Add(file, ids = []);
            }

            ids.Add(id);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, ids) in byFile)
        {
            var documents = await ReadAsync(file, options, null, InputProblems.None, cancellationToken).ConfigureAwait(false);
            // A file of one document (a .txt in a scanned folder) has an id of its own: match it by file.
            if (documents.Count == 1 && ids.Count == 1)
            {
                texts[ids[0]] = documents.Values.First().Text;
                continue;
            }

            foreach (string id in ids)
            {
                if (documents.TryGetValue(id, out var d))
                {
                    texts[id] = d.Text;
                }
            }
        }

        return texts;
    }

    private static string? StripLine(string origin)
    {
        int colon = origin.LastIndexOf(':');
        return colon > 0 && int.TryParse(origin.AsSpan(colon + 1), out _) && File.Exists(origin[..colon]) ? origin[..colon] : null;
    }
}
