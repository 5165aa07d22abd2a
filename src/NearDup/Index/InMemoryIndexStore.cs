namespace NearDup.Index;

/// <summary>A store in memory, for tests and short-lived indexes; one lock serializes every call.</summary>
internal sealed class InMemoryIndexStore : IIndexStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> settings = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, IndexedDocument> documents = [];
    private readonly Dictionary<string, long> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(PostingKind Kind, ulong Key), List<long>> postings = [];
    private readonly Dictionary<(long A, long B), IndexedRelation> relations = [];
    private readonly Dictionary<long, HashSet<(long A, long B)>> relationsOf = [];
    private readonly Dictionary<string, ApiKey> keys = new(StringComparer.Ordinal);
    private long next = 1;
    private long postingCount;

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(settings.GetValueOrDefault(name));
        }
    }

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            settings[name] = value;
        }

        return Task.CompletedTask;
    }

    public Task<long> NextNumberAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(next);
        }
    }

    public Task<IReadOnlyList<IndexPosting>> ReadPostingsAsync(PostingKind kind, IReadOnlyList<ulong> keys, int limitPerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<IndexPosting>();
        lock (gate)
        {
            foreach (ulong key in keys)
            {
                if (postings.TryGetValue((kind, key), out var list))
                {
                    for (int i = 0; i < list.Count && i < limitPerKey; i++)
                    {
                        found.Add(new IndexPosting(kind, key, list[i]));
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<IndexPosting>>(found);
    }

    public Task<IReadOnlyList<IndexedDocument>> ReadDocumentsAsync(IReadOnlyList<long> numbers, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var found = new List<IndexedDocument>();
        lock (gate)
        {
            foreach (long n in numbers)
            {
                if (documents.TryGetValue(n, out var d))
                {
                    found.Add(withText ? d : d with { Text = null });
                }
            }
        }

        return Task.FromResult<IReadOnlyList<IndexedDocument>>(found);
    }

    public Task<IReadOnlyList<IndexedDocument>> FindDocumentsAsync(IReadOnlyList<string> ids, bool withText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var numbers = new List<long>();
        lock (gate)
        {
            foreach (string id in ids)
            {
                if (byId.TryGetValue(id, out long n))
                {
                    numbers.Add(n);
                }
            }
        }

        return ReadDocumentsAsync(numbers, withText, cancellationToken);
    }

    public Task<IReadOnlyList<long>> ListDocumentsAsync(long after, int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<long>>(documents.Keys.Where(n => n > after).Take(count).ToList());
        }
    }

    public Task<IReadOnlyList<long>> ReadStoryAsync(long story, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<long>>(documents.Values.Where(d => d.Story == story).Select(d => d.Number).ToList());
        }
    }

    public Task<IReadOnlyList<IndexedRelation>> ReadRelationsAsync(IReadOnlyList<long> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var seen = new HashSet<(long, long)>();
        var found = new List<IndexedRelation>();
        lock (gate)
        {
            foreach (long d in documents)
            {
                if (relationsOf.TryGetValue(d, out var pairs))
                {
                    foreach (var pair in pairs)
                    {
                        if (seen.Add(pair))
                        {
                            found.Add(relations[pair]);
                        }
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<IndexedRelation>>(found);
    }

    public Task CommitAsync(IndexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (gate)
        {
            foreach (long n in batch.Removed)
            {
                if (documents.Remove(n, out var gone))
                {
                    byId.Remove(gone.Id);
                }

                if (relationsOf.Remove(n, out var pairs))
                {
                    foreach (var pair in pairs)
                    {
                        relations.Remove(pair);
                        relationsOf.GetValueOrDefault(pair.A == n ? pair.B : pair.A)?.Remove(pair);
                    }
                }
            }

            foreach (var p in batch.RemovedPostings)
            {
                if (postings.TryGetValue((p.Kind, p.Key), out var list) && list.Remove(p.Document))
                {
                    postingCount--;
                }
            }

            foreach (var move in batch.StoryMoves)
            {
                foreach (var d in documents.Values.Where(d => d.Story == move.From).ToList())
                {
                    documents[d.Number] = d with { Story = move.To };
                }
            }

            foreach (var (n, story) in batch.StoryAssignments)
            {
                if (documents.TryGetValue(n, out var d))
                {
                    documents[n] = d with { Story = story };
                }
            }

            foreach (var d in batch.Documents)
            {
                documents[d.Number] = d;
                byId[d.Id] = d.Number;
                next = Math.Max(next, d.Number + 1);
            }

            foreach (var p in batch.Postings)
            {
                if (!postings.TryGetValue((p.Kind, p.Key), out var list))
                {
                    postings[(p.Kind, p.Key)] = list = [];
                }

                list.Add(p.Document);
                postingCount++;
            }

            foreach (var r in batch.Relations)
            {
                relations[(r.A, r.B)] = r;
                Of(r.A).Add((r.A, r.B));
                Of(r.B).Add((r.A, r.B));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IndexStats> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            long stories = documents.Values.Select(d => d.Story).Distinct().LongCount();
            return Task.FromResult(new IndexStats(documents.Count, stories, relations.Count, postingCount, 0));
        }
    }

    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var key in postings.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
            {
                postings.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task AddKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            keys[key.Hash] = key;
        }

        return Task.CompletedTask;
    }

    public Task<ApiKey?> FindKeyAsync(string hash, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(keys.GetValueOrDefault(hash));
        }
    }

    public Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ApiKey>>(keys.Values.OrderBy(k => k.Created).ToList());
        }
    }

    public Task<bool> RevokeKeyAsync(string id, DateTimeOffset when, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var key = keys.Values.FirstOrDefault(k => k.Id == id && k.Revoked is null);
            if (key is null)
            {
                return Task.FromResult(false);
            }

            keys[key.Hash] = key with { Revoked = when };
            return Task.FromResult(true);
        }
    }

    public void Dispose()
    {
    }

    private HashSet<(long A, long B)> Of(long document)
    {
        if (!relationsOf.TryGetValue(document, out var set))
        {
            relationsOf[document] = set = [];
        }

        return set;
    }
}
