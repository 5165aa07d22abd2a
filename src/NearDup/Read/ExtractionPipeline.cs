namespace NearDup.Read;

/// <summary>
/// Turns records into documents (HTML extraction, decoding) on up to <see cref="ReaderOptions.Parallelism"/> worker
/// threads while the reader frames the next records on its own thread; documents come back in input order.
/// </summary>
/// <remarks>
/// <para>At most twice the parallelism records are in flight, so memory stays bounded for an input of any size: the
/// reader takes the oldest document (<see cref="ShouldTake"/>, <see cref="TakeAsync"/>) before it adds more.</para>
/// <para>Problems keep input order too: a record's work reports to a buffer of its own, and problems the reader
/// meets while records are in flight (<see cref="Problems"/>) wait behind them; all reach the sink when the record
/// before them is taken. A record whose work throws becomes a problem at its place; the rest goes on.</para>
/// <para>With a parallelism of 1 the work runs on the reader's thread as it is added.</para>
/// <para>Use from one thread (the reader's), then dispose: disposing cancels the work not yet started and waits
/// for the rest, so nothing runs or reports after the reader is done.</para>
/// </remarks>
internal sealed class ExtractionPipeline : IAsyncDisposable
{
    private static readonly RecordProblems NoProblems = new();

    private readonly Queue<Entry> _inFlight = new();
    private readonly IInputProblemSink _sink;
    private readonly int _window;
    private readonly TaskScheduler? _workers;
    private readonly CancellationTokenSource _stop;
    private readonly ReaderProblems _readerProblems;
    private Entry? _newest;
    private bool _completed;

    public ExtractionPipeline(int parallelism, IInputProblemSink problems, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(problems);
        _sink = problems;
        _window = 2 * parallelism;
        _workers = parallelism > 1 ? new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, parallelism).ConcurrentScheduler : null;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _readerProblems = new ReaderProblems(this);
    }

    /// <summary>Where the reader reports its own problems (framing, I/O): they keep their place after the records in flight.</summary>
    public IInputProblemSink Problems => _readerProblems;

    /// <summary>Records added and not yet taken.</summary>
    public int Count => _inFlight.Count;

    /// <summary>
    /// True when the oldest record should be taken now: the window is full, the input is done
    /// (<see cref="Complete"/>), or it is ready anyway.
    /// </summary>
    public bool ShouldTake => _inFlight.TryPeek(out var head) && (_completed || _inFlight.Count >= _window || head.Work.IsCompleted);

    /// <summary>Queues the work for one record; <paramref name="origin"/>, <paramref name="offset"/> and <paramref name="line"/> (a table's row) place a failure.</summary>
    /// <param name="work">Makes the document (or null, after reporting why) reporting to the sink it is given;
    /// runs on a worker thread and must own what it reads (a pooled buffer it returns itself).</param>
    public void Add(string origin, long? offset, Func<IInputProblemSink, Document?> work, long? line = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_completed)
        {
            throw new InvalidOperationException("the pipeline is complete");
        }

        var problems = new RecordProblems();
        var item = new WorkItem(origin, line, offset, work, problems);
        Task<Document?> task = _workers is null
            ? Task.FromResult(item.Run())
            : Task.Factory.StartNew(static state => ((WorkItem)state!).Run(), item, _stop.Token, TaskCreationOptions.DenyChildAttach, _workers);
        _newest = new Entry(task, problems);
        _inFlight.Enqueue(_newest);
    }

    /// <summary>Queues a record that needs no work (a table row with its text): it keeps its place among the others.</summary>
    public void Add(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_completed)
        {
            throw new InvalidOperationException("the pipeline is complete");
        }

        _newest = new Entry(Task.FromResult<Document?>(document), NoProblems);
        _inFlight.Enqueue(_newest);
    }

    /// <summary>
    /// For a record that needs no work: true when nothing is in flight, so the reader may yield it at once; otherwise
    /// it is queued behind the others (<see cref="Add(Document)"/>) and false is returned.
    /// </summary>
    public bool PassOrQueue(Document document)
    {
        if (Count == 0)
        {
            return true;
        }

        Add(document);
        return false;
    }

    /// <summary>The input is done: what is in flight is to be taken, then <see cref="Count"/> is 0.</summary>
    public void Complete() => _completed = true;

    /// <summary>The oldest record's document, or null when it has none; reports its problems first.</summary>
    /// <exception cref="OperationCanceledException">The reader's token was cancelled.</exception>
    public async ValueTask<Document?> TakeAsync()
    {
        _stop.Token.ThrowIfCancellationRequested(); // promptly: not after the documents still in flight
        var entry = _inFlight.Peek();
        Document? document = await entry.Work.ConfigureAwait(false);
        _inFlight.Dequeue();
        entry.Problems.ReportTo(_sink);
        entry.After?.ReportTo(_sink);
        return document;
    }

    public async ValueTask DisposeAsync()
    {
        if (_inFlight.Count > 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            foreach (var entry in _inFlight)
            {
                await ((Task)entry.Work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            _inFlight.Clear();
        }

        _stop.Dispose();
    }

    private void ReportFromReader(InputProblem problem)
    {
        if (_inFlight.Count == 0)
        {
            _sink.Report(problem);
            return;
        }

        // Behind the newest record in flight: reported when that one is taken.
        _newest!.After ??= new RecordProblems();
        _newest.After.Report(problem);
    }

    private sealed class Entry(Task<Document?> work, RecordProblems problems)
    {
        public Task<Document?> Work { get; } = work;

        public RecordProblems Problems { get; } = problems;

        public RecordProblems? After { get; set; }
    }

    private sealed class WorkItem(string origin, long? line, long? offset, Func<IInputProblemSink, Document?> work, RecordProblems problems)
    {
        public Document? Run()
        {
            try
            {
                return work(problems);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A page that breaks the extractor is one bad record, not the end of the crawl.
                problems.Report(new InputProblem(origin, line, offset, $"cannot read the record: {ex.GetType().Name}: {ex.Message}"));
                return null;
            }
        }
    }

    /// <summary>One record's problems, written by its worker and read by the reader after the work is done.</summary>
    private sealed class RecordProblems : IInputProblemSink
    {
        private List<InputProblem>? _problems;

        public void Report(InputProblem problem) => (_problems ??= []).Add(problem);

        public void ReportTo(IInputProblemSink sink)
        {
            if (_problems is null)
            {
                return;
            }

            foreach (var problem in _problems)
            {
                sink.Report(problem);
            }
        }
    }

    private sealed class ReaderProblems(ExtractionPipeline pipeline) : IInputProblemSink
    {
        public void Report(InputProblem problem) => pipeline.ReportFromReader(problem);
    }
}
