using System.Globalization;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace NearDup.Read;

/// <summary>
/// Reads CSV (.csv, comma) or TSV (.tsv, tab), UTF-8, with a header row naming the columns; the columns used are
/// <see cref="ReaderOptions.IdField"/>, <see cref="ReaderOptions.TextField"/> and the optional url, source, date
/// and html columns. Parsed by Sep: quoted fields may hold separators, quotes ("") and line breaks.
/// </summary>
/// <remarks>
/// A file without the text column (or html column) is refused with one problem. A row with a different number of
/// fields than the header, or with empty text, is reported with its line number and skipped. A row without an id
/// gets its 1-based row number as id. <see cref="Document.Origin"/> is <c>path:line</c>, the row's first line.
/// Compressed .csv.gz/.tsv.zst files are decompressed as they stream.
/// </remarks>
public sealed class CsvReader : IDocumentReader
{
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly string _origin;
    private readonly char _separator;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;

    /// <summary>Reads <paramref name="path"/>; the separator is tab for .tsv (under any .gz/.zst), else comma.</summary>
    public CsvReader(string path, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _origin = path;
        InputStreams.CompressionOf(path, out string inner);
        _separator = inner.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _problems = problems ?? InputProblems.None;
    }

    /// <summary>Reads separated values from <paramref name="stream"/> (the caller owns it).</summary>
    public CsvReader(Stream stream, string origin, char separator, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        _stream = stream;
        _origin = origin;
        _separator = separator;
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _problems = problems ?? InputProblems.None;
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream? owned = null;
        if (_path is not null && (owned = InputStreams.TryOpen(_path, _problems)) is null)
        {
            yield break;
        }

        try
        {
            var sepOptions = new SepReaderOptions(new Sep(_separator))
            {
                HasHeader = true,
                Unescape = true,
                DisableColCountCheck = true, // a bad row is a problem to report, not an exception
                DisableFastFloat = true,
            };
            SepReader reader;
            try
            {
                reader = await sepOptions.FromAsync(owned ?? _stream!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException)
            {
                _problems.Report(new InputProblem(_origin, 1, null, "cannot read the header: " + ex.Message));
                yield break;
            }

            using (reader)
            {
                if (reader.Header.IsEmpty)
                {
                    _problems.Report(new InputProblem(_origin, null, null, "empty file (a header row is required)"));
                    yield break;
                }

                var columns = Columns.Find(reader.Header, _options);
                if (columns.Text < 0 && columns.Html < 0)
                {
                    _problems.Report(new InputProblem(_origin, 1, 0,
                        $"no '{_options.TextField}' column in the header ({string.Join(", ", reader.Header.ColNames)}); set the text column name"));
                    yield break;
                }

                while (true)
                {
                    bool more;
                    try
                    {
                        more = await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException)
                    {
                        _problems.Report(new InputProblem(_origin, null, null, "cannot read on: " + ex.Message + "; the rows before are kept"));
                        yield break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    var document = Parse(reader.Current, columns, reader.Header.ColNames.Count);
                    if (document is not null)
                    {
                        yield return document;
                    }
                }
            }
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Document? Parse(SepReader.Row row, Columns columns, int headerCount)
    {
        int line = row.LineNumberFrom;
        if (row.ColCount != headerCount)
        {
            // One empty field on a blank line is a blank line, not a bad row.
            if (row.ColCount == 1 && row.Span.Trim().IsEmpty)
            {
                return null;
            }

            Report(line, $"row has {row.ColCount} fields, the header has {headerCount}; skipped");
            return null;
        }

        string text = columns.Text >= 0 ? row[columns.Text].ToString() : string.Empty;
        string? html = columns.Html >= 0 ? NullIfEmpty(row[columns.Html].ToString()) : null;
        if (html is null && text.AsSpan().IsWhiteSpace())
        {
            Report(line, $"text column '{_options.TextField}' is empty; skipped");
            return null;
        }

        string? id = columns.Id >= 0 ? NullIfEmpty(row[columns.Id].ToString()) : null;
        DateTimeOffset? published = null;
        if (columns.Date >= 0)
        {
            string value = row[columns.Date].ToString();
            if (value.Length > 0)
            {
                published = Dates.Parse(value);
                if (published is null)
                {
                    Report(line, $"date column '{_options.DateField}' is not a date: \"{(value.Length <= 40 ? value : value[..40] + "...")}\"; kept without date");
                }
            }
        }

        var document = new Document(id ?? (row.RowIndex + 1).ToString(CultureInfo.InvariantCulture), text)
        {
            Origin = _origin + ":" + line.ToString(CultureInfo.InvariantCulture),
            Url = columns.Url >= 0 ? NullIfEmpty(row[columns.Url].ToString()) : null,
            Source = columns.Source >= 0 ? NullIfEmpty(row[columns.Source].ToString()) : null,
            Published = published,
            Html = html,
        };
        return HtmlDocuments.Complete(document, _origin, _problems, line);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private void Report(int line, string message) => _problems.Report(new InputProblem(_origin, line, null, message));

    private readonly record struct Columns(int Id, int Text, int Url, int Source, int Date, int Html)
    {
        public static Columns Find(SepReaderHeader header, ReaderOptions options) => new(
            IndexOf(header, options.IdField),
            IndexOf(header, options.TextField),
            IndexOf(header, options.UrlField),
            IndexOf(header, options.SourceField),
            IndexOf(header, options.DateField),
            IndexOf(header, options.HtmlField));

        private static int IndexOf(SepReaderHeader header, string? name) =>
            name is not null && header.TryIndexOf(name, out int index) ? index : -1;
    }
}
