using System.Globalization;
using NearDup.Align;
using NearDup.Candidates;
using NearDup.Fingerprint;
using NearDup.Relate;

namespace NearDup.Index;

/// <summary>
/// A persistent index of documents: each new document is matched at once against everything indexed (the scan's own
/// fingerprinter, candidate rules, aligner and relater), joins the story of the documents it was made from or starts
/// one, and is kept. "Has this been published before, and in which story?"
/// </summary>
/// <remarks>
/// <para>Stories grow as the group stage binds them: a relation of a kind in <see cref="IndexOptions.JoinKinds"/> puts
/// both documents in one story, and a document bound to several stories merges them; then, with
/// <see cref="IndexOptions.Group"/>, stories merge by the group stage's average link over words, best pair first
/// within each add (a document is weighed when it comes: stories can differ from a scan's of the same documents). A
/// story's number is its first member's.</para>
/// <para>Thread-safe: matches and reads run in parallel; writes (add, remove) are serialized and each is one atomic
/// commit of the store.</para>
/// </remarks>
public sealed partial class NearDupIndex : IDisposable
{
    private const string SettingsName = "fingerprint";
    private readonly IIndexStore store;
    private readonly bool ownsStore;
    private readonly Fingerprinter fingerprinter;
    private readonly Aligner aligner;
    private readonly Relater relater;
    private readonly int bands;
    private readonly int rows;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private Task lastTurn = Task.CompletedTask; // completes when the last AddAsync to come holds the write gate (or failed)
    private bool disposed;

    private NearDupIndex(IIndexStore store, IndexOptions options, bool ownsStore)
    {
        this.store = store;
        this.ownsStore = ownsStore;
        Options = options;
        fingerprinter = new Fingerprinter(options.Fingerprint);
        aligner = new Aligner(options.Align);
        relater = new Relater(options.Relate);
        if ((options.Candidates.Sources & CandidateSource.MinHash) != 0)
        {
            // The scan's bands and rows (CandidateFinder), so the index and a scan collide on the same pairs.
            var lsh = new MinHashLsh(options.Candidates.LshThreshold, options.Fingerprint.NumPermutations,
                (options.Candidates.LshFalsePositiveWeight, 1 - options.Candidates.LshFalsePositiveWeight));
            (bands, rows) = (lsh.Bands, lsh.Rows);
        }
    }

    public IndexOptions Options { get; }

    /// <summary>Time per stage of adds and matches, for profiling.</summary>
    internal IndexStageTimes Times { get; } = new();

    /// <summary>The store the index keeps its data in (internal: the server and the CLI keep API keys there).</summary>
    internal IIndexStore Store => store;

    /// <summary>
    /// Opens the on-disk index in the folder <paramref name="pathOrRedisUrl"/> (SQLite, <c>index.db</c>, created when
    /// missing), or the index on Redis when it is a <c>redis://host:port[,host:port...][/prefix]</c> URL.
    /// </summary>
    /// <exception cref="InvalidOperationException">The index was built with other fingerprint settings, or Redis cannot be reached.</exception>
    public static async Task<NearDupIndex> OpenAsync(string pathOrRedisUrl, IndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrRedisUrl);
        if (pathOrRedisUrl.StartsWith(Redis.RedisStoreOptions.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return await OpenAsync(Redis.RedisStoreOptions.Parse(pathOrRedisUrl), options, cancellationToken).ConfigureAwait(false);
        }

        return await OpenAsync(new SqliteIndexStore(pathOrRedisUrl), options, ownsStore: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the index on Redis (a server, a primary with replicas, or a cluster) that <paramref name="redis"/>
    /// names: for settings a URL does not carry (write acknowledgement by replicas, lock lease, retry window).
    /// </summary>
    /// <exception cref="InvalidOperationException">The index was built with other fingerprint settings, or Redis cannot be reached.</exception>
    public static async Task<NearDupIndex> OpenAsync(Redis.RedisStoreOptions redis, IndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var store = await Redis.RedisIndexStore.ConnectAsync(redis).ConfigureAwait(false);
        return await OpenAsync(store, options, ownsStore: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new, empty index held in memory and lost when disposed: for tests and short-lived use.</summary>
    public static NearDupIndex InMemory(IndexOptions? options = null) =>
        // The in-memory store answers at once, so opening completes synchronously.
        OpenAsync(new InMemoryIndexStore(), options, ownsStore: true).GetAwaiter().GetResult();

    /// <summary>Opens an index over <paramref name="store"/>; disposing the index disposes the store when <paramref name="ownsStore"/>.</summary>
    /// <exception cref="InvalidOperationException">The store holds an index built with other fingerprint settings.</exception>
    internal static async Task<NearDupIndex> OpenAsync(IIndexStore store, IndexOptions? options = null, bool ownsStore = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var index = new NearDupIndex(store, (options ?? new()).Validate(), ownsStore);
        try
        {
            string wanted = index.SettingsText();
            string? stored = await store.GetSettingAsync(SettingsName, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await store.SetSettingAsync(SettingsName, wanted, cancellationToken).ConfigureAwait(false);
            }
            else if (stored != wanted)
            {
                throw new InvalidOperationException($"The index was built with fingerprint settings '{stored}'; these options give '{wanted}'. Use the same settings, or a new index.");
            }

            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>The document with id <paramref name="id"/>, with its text, or null.</summary>
    public async Task<IndexedDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await store.FindDocumentsAsync([id], withText: true, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The relations of document <paramref name="id"/> with passages, or null when it is not indexed.</summary>
    public async Task<IReadOnlyList<DocumentRelation>?> RelationsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await store.FindDocumentsAsync([id], withText: false, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return null;
        }

        var relations = await store.ReadRelationsAsync([found[0].Number], cancellationToken).ConfigureAwait(false);
        return relations.OrderBy(r => r.A).ThenBy(r => r.B).Select(r => r.Relation).ToList();
    }

    /// <summary>Story <paramref name="story"/> with its members and their relations, or null when there is none.</summary>
    public async Task<IndexStory?> StoryAsync(long story, CancellationToken cancellationToken = default)
    {
        var members = await store.ReadStoryAsync(story, cancellationToken).ConfigureAwait(false);
        if (members.Count == 0)
        {
            return null;
        }

        var documents = (await store.ReadDocumentsAsync(members, withText: false, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Number).ToList();
        var inStory = members.ToHashSet();
        var relations = (await store.ReadRelationsAsync(members, cancellationToken).ConfigureAwait(false))
            .Where(r => inStory.Contains(r.A) && inStory.Contains(r.B))
            .OrderBy(r => r.A).ThenBy(r => r.B)
            .Select(r => r.Relation).ToList();
        var canonical = documents.OrderByDescending(d => d.TokenCount).ThenBy(d => d.Number).First();
        return new IndexStory(story, documents.Select(d => d.Id).ToList(), canonical.Id, relations);
    }

    public Task<IndexStats> StatsAsync(CancellationToken cancellationToken = default) => store.ReadStatsAsync(cancellationToken);

    /// <summary>Gives back the space of removed documents (a pause for writers on large indexes).</summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await store.CompactAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Closes the index; with meaning-level matching, first saves the graph of document vectors beside it (when the store keeps snapshots), so that the next open need not rebuild it.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            SaveVectorSnapshot();
        }
        catch (IOException)
        {
            // A cache: without it the next open links the vectors again.
        }

        if (ownsStore)
        {
            store.Dispose();
        }

        writeGate.Dispose();
        wordsLock.Dispose();
        vectorsLoad.Dispose();
    }

    private string SettingsText()
    {
        var f = Options.Fingerprint;
        return string.Create(CultureInfo.InvariantCulture,
            $"shingle={f.ShingleSize};permutations={f.NumPermutations};seed={f.Seed};window={f.WinnowWindow};bands={bands};rows={rows}");
    }
}
