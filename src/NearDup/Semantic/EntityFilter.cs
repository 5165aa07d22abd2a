namespace NearDup.Semantic;

/// <summary>
/// Whether two documents share enough distinctive names and figures (<see cref="EntityKeys"/>) to be reports of one
/// event. A key held by many documents (a title, a country, an outlet's name) says little about one event: only keys
/// in at most <c>max(minDocuments, share · documents)</c> documents count.
/// </summary>
/// <remarks>Thread-safe once built.</remarks>
internal sealed class EntityFilter
{
    private readonly ulong[][] keys;
    private readonly Dictionary<ulong, int> frequency = [];
    private readonly int maxFrequency;
    private readonly int minShared;
    private readonly Func<ulong, bool> distinctive;

    /// <param name="keys">Each document's sorted keys (<see cref="EntityKeys.Extract"/>).</param>
    /// <param name="minShared">Distinctive keys a pair must share.</param>
    /// <param name="maxShare">Share of the documents above which a key is not distinctive.</param>
    /// <param name="minDocuments">Documents up to which a key is always distinctive (small corpora).</param>
    public EntityFilter(ulong[][] keys, int minShared, double maxShare, int minDocuments)
    {
        this.keys = keys;
        this.minShared = minShared;
        foreach (var row in keys)
        {
            foreach (ulong k in row)
            {
                frequency[k] = frequency.GetValueOrDefault(k) + 1;
            }
        }

        maxFrequency = Math.Max(minDocuments, (int)(keys.Length * maxShare));
        distinctive = k => frequency[k] <= maxFrequency;
    }

    /// <summary>Whether documents <paramref name="a"/> and <paramref name="b"/> share at least the required distinctive keys.</summary>
    public bool Passes(int a, int b) => minShared == 0 || Shared(a, b) >= minShared;

    /// <summary>Distinctive keys documents <paramref name="a"/> and <paramref name="b"/> share.</summary>
    public int Shared(int a, int b) => EntityKeys.Shared(keys[a], keys[b], distinctive);

    /// <summary>Document <paramref name="document"/>'s keys, sorted.</summary>
    public ulong[] Keys(int document) => keys[document];

    /// <summary>Documents that hold <paramref name="key"/> (one of theirs).</summary>
    public int Documents(ulong key) => frequency[key];
}
