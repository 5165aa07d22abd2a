using NearDup.Candidates;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;

namespace NearDup;

/// <summary>
/// The way in: scans a file, a folder or documents in memory and returns the relations, shared passages and stories
/// found, naming documents by id; compares two texts in one call.
/// </summary>
/// <example>
/// <code>
/// var scanner = new NearDupScanner(ScanPresets.Lexical);
/// using var result = await scanner.ScanAsync("examples/news");
/// var relation = scanner.Compare(original, copy);
/// </code>
/// </example>
/// <remarks>
/// Settings are a <see cref="ScanOptions"/>, usually a preset (<see cref="ScanPresets"/>, or
/// <c>MiniLmPresets.Default</c> for what <c>neardup scan</c> does). Bad input is reported, never thrown: each problem
/// goes to the optional <see cref="IInputProblemSink"/> as it is met and is kept in <see cref="NearDupResult.Problems"/>.
/// One scanner may run several scans at once.
/// </remarks>
public sealed class NearDupScanner
{
    private const string CompareIdA = "a";
    private const string CompareIdB = "b";
    private readonly ScanPipeline pipeline;
    private readonly Lazy<ScanPipeline> comparer;

    /// <param name="options">The scan's settings; default <see cref="ScanPresets.Lexical"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public NearDupScanner(ScanOptions? options = null)
    {
        Options = (options ?? ScanPresets.Lexical).Validate();
        pipeline = new ScanPipeline(Options);
        comparer = new Lazy<ScanPipeline>(() => new ScanPipeline(CompareOptions(Options))); // most scanners never compare
    }

    public ScanOptions Options { get; }

    /// <summary>
    /// Scans a folder (recursive .txt/.md), a JSON Lines, CSV/TSV, Parquet, WARC, HTML or text file (any of them
    /// .gz/.zst), or <c>-</c> for standard input (see <see cref="DocumentReaders.Open"/>).
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="readerOptions">Field names, extensions, size limits; default <see cref="ReaderOptions.Default"/>.</param>
    /// <param name="problems">Receives each input problem as it is met; they are also kept in the result.</param>
    /// <exception cref="FileNotFoundException">The path is neither a file, a folder nor <c>-</c>.</exception>
    public Task<NearDupResult> ScanAsync(string path, ReaderOptions? readerOptions = null, IInputProblemSink? problems = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var collected = Collect(problems);
        return RunAsync(pipeline, DocumentReaders.Open(path, readerOptions, collected), collected, cancellationToken);
    }

    /// <summary>
    /// As <see cref="ScanAsync(string, ReaderOptions?, IInputProblemSink?, CancellationToken)"/>, returning once
    /// stories and passages are final while furniture is still being found: a report written at once writes its
    /// first sections beside that stage, and waits for it at <see cref="NearDupResult.Stats"/> or the furniture.
    /// </summary>
    internal Task<NearDupResult> ScanForReportAsync(string path, ReaderOptions? readerOptions, IInputProblemSink? problems, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var collected = Collect(problems);
        return RunAsync(pipeline, DocumentReaders.Open(path, readerOptions, collected), collected, cancellationToken, furnitureBeside: true);
    }

    /// <summary>
    /// Scans a stream of unknown format (an upload, a pipe): gzip/zstd are decompressed, then WARC, JSON Lines, or one
    /// plain-text document (see <see cref="DocumentReaders.FromStream"/>). The caller owns the stream.
    /// </summary>
    /// <param name="input">The stream, read once.</param>
    /// <param name="name">The document's id when the stream is one document, and where problems say they are.</param>
    public Task<NearDupResult> ScanAsync(Stream input, string name, ReaderOptions? readerOptions = null, IInputProblemSink? problems = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var collected = Collect(problems);
        return RunAsync(pipeline, DocumentReaders.FromStream(input, name, name, readerOptions, collected), collected, cancellationToken);
    }

    /// <summary>Scans documents in memory, enumerated once; ids should be unique (a repeat is renamed, with a problem).</summary>
    public Task<NearDupResult> ScanAsync(IEnumerable<Document> documents, IInputProblemSink? problems = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return RunAsync(pipeline, new MemoryReader(documents), Collect(problems), cancellationToken);
    }

    /// <summary>Scans an asynchronous stream of documents (a database cursor, a queue), enumerated once.</summary>
    public Task<NearDupResult> ScanAsync(IAsyncEnumerable<Document> documents, IInputProblemSink? problems = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return RunAsync(pipeline, new AsyncSequenceReader(documents), Collect(problems), cancellationToken);
    }

    /// <summary>
    /// How text <paramref name="a"/> relates to text <paramref name="b"/>, with the passages they share (ids <c>a</c>
    /// and <c>b</c>). Kind <see cref="RelationKind.None"/> when they are unrelated.
    /// </summary>
    /// <remarks>
    /// A scan of the two texts with the candidate filters open: every stage of <see cref="Options"/> judges the pair
    /// (the semantic stage too, when the options have one), and the pair is always aligned, even under a
    /// candidates-only preset. Blocks until done; see <see cref="CompareAsync"/>.
    /// </remarks>
    public DocumentRelation Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return CompareAsync(new Document(CompareIdA, a), new Document(CompareIdB, b)).GetAwaiter().GetResult();
    }

    /// <summary>How document <paramref name="a"/> relates to document <paramref name="b"/>; see <see cref="Compare(string, string)"/>.</summary>
    /// <exception cref="ArgumentException">The two documents have the same id.</exception>
    public async Task<DocumentRelation> CompareAsync(Document a, Document b, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (string.Equals(a.Id, b.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Both documents have id '{a.Id}'; give them different ids.", nameof(b));
        }

        var collected = new InputProblems();
        using var result = await RunAsync(comparer.Value, new MemoryReader([a, b]), collected, cancellationToken).ConfigureAwait(false);
        return result.Relations.Count > 0
            ? result.Relations[0]
            : new DocumentRelation(a.Id, b.Id, RelationKind.None, Direction.None, 0, 0, 0, [], "no relation found");
    }

    private static InputProblems Collect(IInputProblemSink? forward) =>
        forward is null ? new InputProblems() : new InputProblems(forward.Report);

    private static async Task<NearDupResult> RunAsync(ScanPipeline pipeline, IDocumentReader reader, InputProblems problems, CancellationToken cancellationToken,
        bool furnitureBeside = false)
    {
        var scan = await pipeline.RunAsync(reader, problems, cancellationToken, furnitureBeside).ConfigureAwait(false);
        return new NearDupResult(scan);
    }

    // Two texts a caller chose to compare are judged, not filtered: every index proposes the pair if it can, the
    // semantic stage verifies it whatever its vectors and names say, and the pair is aligned.
    private static ScanOptions CompareOptions(ScanOptions options) => options with
    {
        Candidates = options.Candidates with { Sources = CandidateSource.All, MinSharedFingerprints = 1, MinContainment = 0 },
        Semantic = options.Semantic with { MinDocumentCosine = -1, MinSharedEntities = 0 },
        CandidatesOnly = false,
        BatchSize = 2,
    };
}
