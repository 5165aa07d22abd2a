using System.Globalization;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace NearDup.Read;

/// <summary>
/// Reads a Parquet file one row group at a time (Parquet.Net), with the columns named by <see cref="ReaderOptions"/>:
/// text and html (strings), id (string or integer), url and source (strings), date (string, timestamp or Unix seconds).
/// </summary>
/// <remarks>
/// Memory is the columns used of one row group. Top-level columns only. A file that is not Parquet, or has no text
/// column, is one problem naming the columns found; a row with a null or empty text is reported with its row number
/// (and row group) and skipped; a row group that cannot be read ends the file with a problem, the rows before kept.
/// Pages in the html column are extracted on <see cref="ReaderOptions.Parallelism"/> threads, in row order. A row without
/// an id gets its 1-based row number. <see cref="Document.Origin"/> is <c>path:row</c>.
/// </remarks>
internal sealed class ParquetDocumentReader : IDocumentReader
{
    private readonly string _path;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;

    public ParquetDocumentReader(string path, ReaderOptions? options = null, IInputProblemSink? problems = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _problems = problems ?? InputProblems.None;
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream file;
        try
        {
            file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(null, "cannot read file: " + PlainTextReader.Reason(ex));
            yield break;
        }

        await using (file.ConfigureAwait(false))
        {
            ParquetReader? reader = null;
            try
            {
                reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Report(null, (file.Length == 0 ? "empty file" : "not a readable Parquet file") + ": " + ex.Message);
            }

            if (reader is null)
            {
                yield break;
            }

            // Pages in the html column are extracted on worker threads; documents and problems keep row order.
            var pipeline = new ExtractionPipeline(_options.Parallelism, _problems, cancellationToken);
            var problems = pipeline.Problems;
            await using (pipeline.ConfigureAwait(false))
            await using (reader.ConfigureAwait(false))
            {
                var fields = reader.Schema.DataFields;
                DataField? text = Find(fields, _options.TextField);
                DataField? html = Find(fields, _options.HtmlField);
                if (text is null && html is null)
                {
                    string names = string.Join(", ", fields.Select(f => f.Name));
                    Report(problems, null, $"no '{_options.TextField}' column (columns found: {names}); set the text column name");
                    yield break;
                }

                long rowBase = 0;
                for (int group = 0; group < reader.RowGroupCount; group++)
                {
                    RowGroup? rows;
                    try
                    {
                        rows = await ReadGroupAsync(reader, group, fields, text, html, problems, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Report(problems, rowBase + 1, $"cannot read row group {group} (rows {rowBase + 1}-): {ex.GetType().Name}: {ex.Message}; the rows before are kept");
                        break;
                    }

                    for (int i = 0; i < rows.Count; i++)
                    {
                        while (pipeline.ShouldTake)
                        {
                            if (await pipeline.TakeAsync().ConfigureAwait(false) is { } taken)
                            {
                                yield return taken;
                            }
                        }

                        long row = rowBase + i + 1;
                        string? body = rows.Text?[i];
                        string? page = rows.Html?[i];
                        if (string.IsNullOrEmpty(page) && string.IsNullOrWhiteSpace(body))
                        {
                            Report(problems, row, $"text column '{_options.TextField}' is null or empty (row group {group}, row {i} in it); skipped");
                            continue;
                        }

                        var record = new Document(rows.Id?[i] ?? row.ToString(CultureInfo.InvariantCulture), body ?? string.Empty)
                        {
                            Origin = _path + ":" + row.ToString(CultureInfo.InvariantCulture),
                            Url = rows.Url?[i],
                            Source = rows.Source?[i],
                            Published = rows.Date?[i],
                            Html = string.IsNullOrEmpty(page) ? null : page,
                        };
                        if (record.Html is null || !string.IsNullOrWhiteSpace(record.Text))
                        {
                            if (pipeline.PassOrQueue(record))
                            {
                                yield return record;
                            }
                        }
                        else
                        {
                            pipeline.Add(_path, null, sink => HtmlDocuments.Complete(record, _path, sink, row), row);
                        }
                    }

                    rowBase += rows.Count;
                }

                pipeline.Complete();
                while (pipeline.ShouldTake)
                {
                    if (await pipeline.TakeAsync().ConfigureAwait(false) is { } taken)
                    {
                        yield return taken;
                    }
                }
            }
        }
    }

    private async Task<RowGroup> ReadGroupAsync(
        ParquetReader reader, int group, IReadOnlyList<DataField> fields, DataField? text, DataField? html, IInputProblemSink problems, CancellationToken cancellationToken)
    {
        using var groupReader = reader.OpenRowGroupReader(group);
        int count = checked((int)groupReader.RowCount);
        var rows = new RowGroup(count)
        {
            Text = await StringsAsync(groupReader, text, count, cancellationToken).ConfigureAwait(false),
            Html = await StringsAsync(groupReader, html, count, cancellationToken).ConfigureAwait(false),
            Url = await StringsAsync(groupReader, Find(fields, _options.UrlField), count, cancellationToken).ConfigureAwait(false),
            Source = await StringsAsync(groupReader, Find(fields, _options.SourceField), count, cancellationToken).ConfigureAwait(false),
        };

        DataField? id = Find(fields, _options.IdField);
        if (id is not null)
        {
            rows.Id = IsString(id)
                ? await StringsAsync(groupReader, id, count, cancellationToken).ConfigureAwait(false)
                : await IntegersAsync(groupReader, id, count, cancellationToken).ConfigureAwait(false);
        }

        DataField? date = Find(fields, _options.DateField);
        if (date is not null)
        {
            rows.Date = await DatesAsync(groupReader, date, count, group, problems, cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    private static async Task<string?[]?> StringsAsync(ParquetRowGroupReader reader, DataField? field, int count, CancellationToken cancellationToken)
    {
        if (field is null || !IsString(field))
        {
            return null;
        }

        var values = new string?[count];
        await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return values;
    }

    private static async Task<string?[]?> IntegersAsync(ParquetRowGroupReader reader, DataField field, int count, CancellationToken cancellationToken)
    {
        if (field.ClrType != typeof(long) && field.ClrType != typeof(int))
        {
            return null;
        }

        var ids = new string?[count];
        if (field.ClrType == typeof(long))
        {
            var values = new long?[count];
            await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                ids[i] = values[i]?.ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            var values = new int?[count];
            await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                ids[i] = values[i]?.ToString(CultureInfo.InvariantCulture);
            }
        }

        return ids;
    }

    private async Task<DateTimeOffset?[]?> DatesAsync(ParquetRowGroupReader reader, DataField field, int count, int group, IInputProblemSink problems, CancellationToken cancellationToken)
    {
        var dates = new DateTimeOffset?[count];
        if (IsString(field))
        {
            var values = new string?[count];
            await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                dates[i] = values[i] is { Length: > 0 } value ? Dates.Parse(value) : null;
            }
        }
        else if (field.ClrType == typeof(DateTime))
        {
            var values = new DateTime?[count];
            await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                dates[i] = values[i] is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
            }
        }
        else if (field.ClrType == typeof(long))
        {
            var values = new long?[count];
            await reader.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                dates[i] = values[i] is { } seconds ? Dates.Parse(seconds.ToString(CultureInfo.InvariantCulture)) : null;
            }
        }
        else
        {
            Report(problems, null, $"date column '{field.Name}' has type {field.ClrType.Name}, expected a string, timestamp or Unix seconds; row group {group} read without dates");
            return null;
        }

        return dates;
    }

    // Parquet.Net 6 types string columns as ReadOnlyMemory<char>; ReadAsync still fills strings.
    private static bool IsString(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static DataField? Find(IReadOnlyList<DataField> fields, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        foreach (var field in fields)
        {
            if (field.Path.Length == 1 && field.Name == name)
            {
                return field;
            }
        }

        return null;
    }

    private void Report(long? row, string message) => Report(_problems, row, message);

    private void Report(IInputProblemSink problems, long? row, string message) => problems.Report(new InputProblem(_path, row, null, message));

    private sealed class RowGroup(int count)
    {
        public int Count { get; } = count;

        public string?[]? Text { get; init; }

        public string?[]? Html { get; init; }

        public string?[]? Url { get; init; }

        public string?[]? Source { get; init; }

        public string?[]? Id { get; set; }

        public DateTimeOffset?[]? Date { get; set; }
    }
}
