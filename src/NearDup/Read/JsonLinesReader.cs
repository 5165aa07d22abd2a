using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace NearDup.Read;

/// <summary>
/// Reads JSON Lines (one JSON object per line, UTF-8) with configurable field names; see <see cref="ReaderOptions"/>.
/// </summary>
/// <remarks>
/// The file is streamed through one pooled line buffer, so memory grows with the longest line, not the file.
/// A bad line (invalid UTF-8, not JSON, not an object, missing or non-string text, longer than
/// <see cref="ReaderOptions.MaxDocumentBytes"/>) is reported with its line number and skipped; blank lines are
/// ignored. A record without an id gets its 1-based line number as id. <see cref="Document.Origin"/> is
/// <c>path:line</c>.
/// </remarks>
internal sealed class JsonLinesReader : IDocumentReader, ISizedReader
{
    private static readonly JsonReaderOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly string _origin;
    private readonly ReaderOptions _options;
    private readonly IInputProblemSink _problems;
    private readonly byte[] _idField;
    private readonly byte[] _textField;
    private readonly byte[]? _urlField;
    private readonly byte[]? _sourceField;
    private readonly byte[]? _dateField;
    private readonly byte[]? _htmlField;

    public JsonLinesReader(string path, ReaderOptions? options = null, IInputProblemSink? problems = null)
        : this(null, path ?? throw new ArgumentNullException(nameof(path)), path, options, problems)
    {
    }

    /// <summary>Reads JSON Lines from <paramref name="stream"/> (the caller owns it); <paramref name="origin"/> names it in problems.</summary>
    public JsonLinesReader(Stream stream, string origin, ReaderOptions? options = null, IInputProblemSink? problems = null)
        : this(stream ?? throw new ArgumentNullException(nameof(stream)), null, origin, options, problems)
    {
    }

    private JsonLinesReader(Stream? stream, string? path, string origin, ReaderOptions? options, IInputProblemSink? problems)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        _path = path;
        _options = options ?? ReaderOptions.Default;
        _options.Validate();
        _stream = stream;
        _origin = origin;
        _problems = problems ?? InputProblems.None;
        _idField = Encoding.UTF8.GetBytes(_options.IdField);
        _textField = Encoding.UTF8.GetBytes(_options.TextField);
        _urlField = Utf8OrNull(_options.UrlField);
        _sourceField = Utf8OrNull(_options.SourceField);
        _dateField = Utf8OrNull(_options.DateField);
        _htmlField = Utf8OrNull(_options.HtmlField);
    }

    /// <inheritdoc/>
    public long InputBytes
    {
        get
        {
            try
            {
                return _path is null ? 0 : new FileInfo(_path).Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    public async IAsyncEnumerable<Document> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Stream? owned = null;
        Stream stream;
        if (_path is not null)
        {
            try
            {
                owned = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _problems.Report(new InputProblem(_path, null, null, "cannot read file: " + PlainTextReader.Reason(ex)));
                yield break;
            }

            stream = owned;
        }
        else
        {
            stream = _stream!;
        }

        try
        {
            using var lines = new Utf8LineReader(stream, _options.MaxDocumentBytes);
            bool any = false;
            var batch = new LineBatch();
            while (true)
            {
                bool more;
                try
                {
                    more = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    _problems.Report(new InputProblem(_origin, lines.LineNumber + 1, null, "cannot read: " + ex.Message));
                    more = false;
                    batch.Failed = true;
                }

                if (more)
                {
                    any = true;
                    batch.Add(lines);
                }

                if (batch.Count > 0 && (!more || batch.IsFull))
                {
                    foreach (var document in ParseBatch(batch))
                    {
                        if (document is not null)
                        {
                            yield return document;
                        }
                    }

                    batch.Clear();
                }

                if (!more)
                {
                    break;
                }
            }

            if (batch.Failed)
            {
                yield break;
            }

            if (!any)
            {
                _problems.Report(new InputProblem(_origin, null, 0, "empty file"));
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

    // Lines are parsed in parallel batches (decoding and unescaping cost more than splitting lines), in order.
    private Document?[] ParseBatch(LineBatch batch)
    {
        var documents = new Document?[batch.Count];
        if (batch.Count < 64 || _options.Parallelism == 1)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                documents[i] = Parse(batch, i);
            }
        }
        else
        {
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism }, i => documents[i] = Parse(batch, i));
        }

        return documents;
    }

    private Document? Parse(LineBatch batch, int index)
    {
        var lines = batch.Lines[index];
        long lineNumber = lines.LineNumber;
        if (lines.TooLong)
        {
            Report(lineNumber, lines.LineOffset, "line " + TextDecoding.TooLarge(lines.LineLength, _options.MaxDocumentBytes));
            return null;
        }

        var line = batch.Bytes(index);
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }

        int invalid = TextDecoding.FirstInvalidUtf8(line);
        if (invalid >= 0)
        {
            Report(lineNumber, lines.LineOffset + invalid, $"invalid UTF-8 at byte {invalid} of the line");
            return null;
        }

        string? id = null;
        string? text = null;
        string? url = null;
        string? source = null;
        string? html = null;
        DateTimeOffset? published = null;
        bool textSeen = false;
        byte[]? tail = null; // the line after the text's value, once read by JsonTextField
        int textEnd = 0;
        try
        {
            var reader = new Utf8JsonReader(line, JsonOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Report(lineNumber, lines.LineOffset, $"not a JSON object (found {Describe(reader.TokenType)})");
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(_textField))
                {
                    textSeen = true;
                    if (tail is null && JsonTextField.TryRead(line, (int)reader.BytesConsumed, out text, out textEnd))
                    {
                        // The rest of the line goes on in a reader of its own, as members of an object: the value,
                        // most of the line, is not scanned again.
                        reader = TailReader(line[textEnd..], out tail);
                        continue;
                    }

                    reader.Read();
                    text = String(ref reader, _options.TextField, lineNumber, lines.LineOffset);
                    if (text is null)
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals(_idField))
                {
                    reader.Read();
                    id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    if (id is null && reader.TokenType != JsonTokenType.Null)
                    {
                        Report(lineNumber, lines.LineOffset, $"id field '{_options.IdField}' is {Describe(reader.TokenType)}, expected a string or number; line number used");
                        reader.Skip();
                    }
                }
                else if (_urlField is not null && reader.ValueTextEquals(_urlField))
                {
                    reader.Read();
                    url = Optional(ref reader);
                }
                else if (_sourceField is not null && reader.ValueTextEquals(_sourceField))
                {
                    reader.Read();
                    source = Optional(ref reader);
                }
                else if (_htmlField is not null && reader.ValueTextEquals(_htmlField))
                {
                    reader.Read();
                    html = Optional(ref reader);
                }
                else if (_dateField is not null && reader.ValueTextEquals(_dateField))
                {
                    reader.Read();
                    published = Date(ref reader, lineNumber, lines.LineOffset);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Trailing content after the object fails here (a single JSON value per line).
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            // A position in the tail's reader is moved back to the line's.
            long? offset = ex.BytePositionInLine is { } position ? lines.LineOffset + position + (tail is null ? 0 : textEnd - TailPrefix.Length) : lines.LineOffset;
            Report(lineNumber, offset, "not valid JSON: " + FirstSentence(ex.Message));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // Valid JSON that is no string: a \u escape of half a surrogate pair (GetString throws; the scan stopped here).
            Report(lineNumber, lines.LineOffset, "not valid text: " + ex.Message);
            return null;
        }
        finally
        {
            if (tail is not null)
            {
                ArrayPool<byte>.Shared.Return(tail);
            }
        }

        if (!textSeen && html is null)
        {
            Report(lineNumber, lines.LineOffset, $"missing text field '{_options.TextField}'");
            return null;
        }

        text ??= string.Empty;
        if (html is null && text.AsSpan().IsWhiteSpace())
        {
            Report(lineNumber, lines.LineOffset, $"text field '{_options.TextField}' is empty");
            return null;
        }

        id ??= lineNumber.ToString(CultureInfo.InvariantCulture);
        var document = new Document(id, text)
        {
            Origin = _origin + ":" + lineNumber.ToString(CultureInfo.InvariantCulture),
            Url = url,
            Source = source,
            Published = published,
            Html = html,
        };

        // HTML without text: the article text is extracted here, as for pages in folders and WARC files.
        return HtmlDocuments.Complete(document, _origin, _problems, lineNumber);
    }

    // Opens an object whose first member, a string as the text is, has been read: the rest of a line goes on after it
    // as after its text field, with the same errors.
    private static ReadOnlySpan<byte> TailPrefix => "{\"\":\"\""u8;

    // A reader over the prefix and the rest of the line (in a rented buffer, given back by the caller), placed
    // after the prefix's member: its next token is the line's next member or the end of the object.
    private static Utf8JsonReader TailReader(ReadOnlySpan<byte> rest, out byte[] buffer)
    {
        buffer = ArrayPool<byte>.Shared.Rent(TailPrefix.Length + rest.Length);
        TailPrefix.CopyTo(buffer);
        rest.CopyTo(buffer.AsSpan(TailPrefix.Length));
        var reader = new Utf8JsonReader(buffer.AsSpan(0, TailPrefix.Length + rest.Length), JsonOptions);
        reader.Read(); // {
        reader.Read(); // the name ""
        reader.Read(); // the value ""
        return reader;
    }

    private string? String(ref Utf8JsonReader reader, string field, long lineNumber, long lineOffset)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        Report(lineNumber, lineOffset, $"text field '{field}' is {Describe(reader.TokenType)}, expected a string");
        return null;
    }

    private static string? Optional(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private DateTimeOffset? Date(ref Utf8JsonReader reader, long lineNumber, long lineOffset)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            string value = reader.GetString()!;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }

            Report(lineNumber, lineOffset, $"date field '{_options.DateField}' is not a date: \"{Shorten(value)}\"; kept without date");
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long seconds)
            && seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (reader.TokenType != JsonTokenType.Null)
        {
            Report(lineNumber, lineOffset, $"date field '{_options.DateField}' is {Describe(reader.TokenType)}, expected an ISO 8601 string or Unix seconds; kept without date");
        }

        reader.Skip();
        return null;
    }

    private void Report(long line, long? offset, string message) =>
        _problems.Report(new InputProblem(_origin, line, offset, message));

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 7."; the line is ours to name.
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return cut > 0 ? message[..cut] : message;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static byte[]? Utf8OrNull(string? field) => string.IsNullOrEmpty(field) ? null : Encoding.UTF8.GetBytes(field);

    private readonly record struct LineInfo(long LineNumber, long LineOffset, long LineLength, bool TooLong, int Start, int Length);

    /// <summary>Copies of a run of lines, for parsing together.</summary>
    private sealed class LineBatch
    {
        private const int MaxLines = 1024;
        private const int MaxBytes = 8 << 20;
        private byte[] buffer = new byte[1 << 16];
        private int used;

        public List<LineInfo> Lines { get; } = new(MaxLines);

        public int Count => Lines.Count;

        public bool IsFull => Lines.Count >= MaxLines || used >= MaxBytes;

        public bool Failed { get; set; }

        public void Add(Utf8LineReader reader)
        {
            var line = reader.TooLong ? default : reader.Line.Span;
            if (used + line.Length > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, used + line.Length));
            }

            line.CopyTo(buffer.AsSpan(used));
            Lines.Add(new LineInfo(reader.LineNumber, reader.LineOffset, reader.LineLength, reader.TooLong, used, line.Length));
            used += line.Length;
        }

        public ReadOnlySpan<byte> Bytes(int index) => buffer.AsSpan(Lines[index].Start, Lines[index].Length);

        public void Clear()
        {
            Lines.Clear();
            used = 0;
        }
    }
}
