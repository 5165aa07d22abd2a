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
/// <para>Every problem names the file and the line the row starts on; invalid UTF-8 also its byte offset. A file
/// without the text column (or html column) is refused with one problem naming the columns found. A row with a
/// different number of fields than the header, with invalid UTF-8, with empty text, or whose quote is never closed
/// (the rest of the file would be one field) is reported and skipped; the rows around it are kept. A row longer than
/// the parser's limit (16M characters) ends the file with a problem; the rows before are kept.</para>
/// <para>A row without an id gets its 1-based row number as id. <see cref="Document.Origin"/> is <c>path:line</c>,
/// the row's first line. Pages in the html column are extracted on <see cref="ReaderOptions.Parallelism"/> threads
/// (<see cref="ExtractionPipeline"/>); documents and problems keep file order. Compressed .csv.gz/.tsv.zst files
/// are decompressed as they stream.</para>
/// </remarks>
internal sealed class CsvReader : IDocumentReader
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

        // Pages in an html column are extracted on worker threads; rows, documents and problems keep file order.
        var pipeline = new ExtractionPipeline(_options.Parallelism, _problems, cancellationToken);
        var problems = pipeline.Problems;
        var text = new CheckedUtf8TextReader(owned ?? _stream!);
        try
        {
            var sepOptions = new SepReaderOptions(new Sep(_separator))
            {
                HasHeader = true,
                Unescape = true,
                DisableColCountCheck = true, // a bad row is a problem to report, not an exception
                DisableFastFloat = true,
            };
            SepReader? reader = null;
            try
            {
                reader = await sepOptions.FromAsync(text, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                problems.Report(new InputProblem(_origin, 1, text.PendingInvalid > 0 && text.TryTakeInvalid(out long at) ? at : null, "cannot read the header: " + ex.Message));
            }

            if (reader is null)
            {
                yield break;
            }

            using (reader)
            {
                if (reader.Header.IsEmpty)
                {
                    problems.Report(new InputProblem(_origin, null, 0, "empty file (a header row naming the columns is required)"));
                    yield break;
                }

                var header = reader.Header.ColNames;
                TakeInvalid(text, string.Concat(header), out long? headerInvalid);
                if (headerInvalid is { } invalidAt)
                {
                    problems.Report(new InputProblem(_origin, 1, invalidAt, $"invalid UTF-8 at byte {invalidAt} in the header"));
                }

                var columns = Columns.Find(reader.Header, _options);
                if (columns.Text < 0 && columns.Html < 0)
                {
                    problems.Report(new InputProblem(_origin, 1, 0, NoTextColumn(header)));
                    yield break;
                }

                int nextLine = 2; // the line the next row starts on, to place a failure of the parser
                bool any = false;
                while (true)
                {
                    while (pipeline.ShouldTake)
                    {
                        if (await pipeline.TakeAsync().ConfigureAwait(false) is { } taken)
                        {
                            yield return taken;
                        }
                    }

                    bool more;
                    try
                    {
                        more = await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsInputError(ex))
                    {
                        string why = ex is NotSupportedException
                            ? "row too long, or a quote opened in it is never closed (" + ex.Message + ")"
                            : "cannot read on: " + ex.Message;
                        problems.Report(new InputProblem(_origin, nextLine, null, $"{why}; the rows before line {nextLine} are kept"));
                        break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    any = true;
                    var row = reader.Current;
                    nextLine = row.LineNumberToExcl;
                    if (Parse(row, columns, header, text, problems) is not { } record)
                    {
                        continue;
                    }

                    if (record.Html is null || !string.IsNullOrWhiteSpace(record.Text))
                    {
                        if (pipeline.PassOrQueue(record))
                        {
                            yield return record;
                        }
                    }
                    else
                    {
                        int line = row.LineNumberFrom;
                        pipeline.Add(_origin, null, sink => HtmlDocuments.Complete(record, _origin, sink, line), line);
                    }
                }

                pipeline.Complete();
                while (pipeline.ShouldTake)
                {
                    if (await pipeline.TakeAsync().ConfigureAwait(false) is { } taken)
                    {
                        yield return taken;
                    }
                }

                if (!any)
                {
                    problems.Report(new InputProblem(_origin, 2, null, "no rows after the header"));
                }
            }
        }
        finally
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            text.Dispose();
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Sep reports a row longer than its buffer limit (16M characters; an unclosed quote makes one) as NotSupported.
    private static bool IsInputError(Exception ex) => ex is IOException or InvalidDataException or ArgumentException or NotSupportedException;

    private string NoTextColumn(IReadOnlyList<string> header)
    {
        string found = string.Join(", ", header.Select(name => "'" + name + "'"));
        string message = _options.HtmlField is { } html
            ? $"no '{_options.TextField}' or '{html}' column in the header (columns found: {found})"
            : $"no '{_options.TextField}' column in the header (columns found: {found})";
        foreach (string name in header)
        {
            if (string.Equals(name.Trim(), _options.TextField, StringComparison.OrdinalIgnoreCase))
            {
                return message + $"; '{name}' differs only in case or spaces";
            }
        }

        // One column holding another separator: the file is separated by something else.
        if (header.Count == 1 && header[0].AsSpan().IndexOfAny(";\t|,") >= 0)
        {
            return message + $"; the file does not look separated by '{(_separator == '\t' ? "\\t" : _separator)}'";
        }

        return message + "; set the text column name (--text-field)";
    }

    /// <summary>Takes the offsets of the invalid UTF-8 sequences decoded into <paramref name="chars"/> (one U+FFFD each); the first is returned.</summary>
    private static void TakeInvalid(CheckedUtf8TextReader text, ReadOnlySpan<char> chars, out long? first)
    {
        first = null;
        if (text.PendingInvalid == 0)
        {
            return;
        }

        for (int replaced = chars.Count('\uFFFD'); replaced > 0 && text.TryTakeInvalid(out long offset); replaced--)
        {
            first ??= offset;
        }
    }

    private Document? Parse(SepReader.Row row, Columns columns, IReadOnlyList<string> header, CheckedUtf8TextReader text, IInputProblemSink problems)
    {
        int line = row.LineNumberFrom;
        var span = row.Span;
        TakeInvalid(text, span, out long? invalid);
        if (row.ColCount == 1 && span.Trim().IsEmpty)
        {
            return null; // one empty field on a blank line is a blank line, not a bad row
        }

        int quotes = span.Count('"');
        if (quotes % 2 == 1)
        {
            // Only the last row can end inside quotes: it ran to the end of the file.
            problems.Report(new InputProblem(_origin, line, null,
                $"a quote opened on lines {line}-{row.LineNumberToExcl - 1} is never closed: the rest of the file would be one field; skipped"));
            return null;
        }

        if (invalid is { } at)
        {
            problems.Report(new InputProblem(_origin, line, at, $"invalid UTF-8 at byte {at}{InColumn(row, header)}; row skipped"));
            return null;
        }

        if (row.ColCount != header.Count)
        {
            string hint = quotes > 0 ? " (a quote inside a field that is not quoted as a whole?)" : string.Empty;
            Report(problems, line, $"row has {row.ColCount} fields, the header has {header.Count}{hint}; skipped");
            return null;
        }

        string body = columns.Text >= 0 ? row[columns.Text].ToString() : string.Empty;
        string? html = columns.Html >= 0 ? NullIfEmpty(row[columns.Html].ToString()) : null;
        if (html is null && body.AsSpan().IsWhiteSpace())
        {
            Report(problems, line, $"text column '{_options.TextField}' is empty; skipped");
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
                    Report(problems, line, $"date column '{_options.DateField}' is not a date: \"{(value.Length <= 40 ? value : value[..40] + "...")}\"; kept without date");
                }
            }
        }

        return new Document(id ?? (row.RowIndex + 1).ToString(CultureInfo.InvariantCulture), body)
        {
            Origin = _origin + ":" + line.ToString(CultureInfo.InvariantCulture),
            Url = columns.Url >= 0 ? NullIfEmpty(row[columns.Url].ToString()) : null,
            Source = columns.Source >= 0 ? NullIfEmpty(row[columns.Source].ToString()) : null,
            Published = published,
            Html = html,
        };
    }

    /// <summary>" in column 'name'" for the first field holding a replaced sequence; only on the bad-row path.</summary>
    private static string InColumn(SepReader.Row row, IReadOnlyList<string> header)
    {
        for (int i = 0; i < row.ColCount; i++)
        {
            if (row[i].Span.Contains('\uFFFD'))
            {
                return i < header.Count ? $" in column '{header[i]}'" : $" in field {i + 1}";
            }
        }

        return string.Empty;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private void Report(IInputProblemSink problems, int line, string message) => problems.Report(new InputProblem(_origin, line, null, message));

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
