namespace NearDup.Index;

/// <summary>
/// The graph of document vectors saved beside the index (<see cref="IIndexStore.SaveSnapshot"/>) when the index is
/// closed, and read back when it is opened: only the documents added since are linked again, not every vector.
/// </summary>
/// <remarks>
/// The snapshot holds the graph, the document number of each row and the entity counts, and names its last
/// document (number and id). Numbers are never given again, so a snapshot whose last document is still indexed
/// describes a prefix of the index; one whose last document is gone (removed, or lost with the last commits in a power
/// cut) is not used, and the graph is built from all vectors as before. Rows of documents removed since stay in the
/// graph and are skipped when found, as they are before the index is closed.
/// </remarks>
public sealed partial class NearDupIndex
{
    private const string VectorSnapshotName = "vectors";
    private const int VectorSnapshotVersion = 1;
    private int vectorsSaved; // rows in the snapshot on disk (read or written); a close saves when there are more

    /// <summary>Vectors linked into the graph when it was loaded (all of them without a snapshot): for tests.</summary>
    internal int VectorsLinkedAtOpen { get; private set; }

    /// <summary>The graph, row numbers and entity counts of the snapshot, or null when there is none to use.</summary>
    private async Task<(HnswGraph Graph, long Last)?> ReadVectorSnapshotAsync(int dimension, CancellationToken cancellationToken)
    {
        long last;
        string lastId;
        HnswGraph? graph;
        var numbers = new List<long>();
        var entities = new Dictionary<ulong, int>();
        try
        {
            using var stream = store.OpenSnapshot(VectorSnapshotName);
            if (stream is null)
            {
                return null;
            }

            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadInt32() != VectorSnapshotVersion)
            {
                return null;
            }

            last = reader.ReadInt64();
            lastId = reader.ReadString();
            int rows = reader.ReadInt32();
            for (int i = 0; i < rows; i++)
            {
                numbers.Add(reader.ReadInt64());
            }

            int keys = reader.ReadInt32();
            for (int i = 0; i < keys; i++)
            {
                entities[reader.ReadUInt64()] = reader.ReadInt32();
            }

            graph = HnswGraph.Read(stream, dimension);
            if (graph is null || graph.Count != rows)
            {
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // cut short or unreadable: built again
        }

        var found = await store.ReadDocumentsAsync([last], withText: false, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0 || found[0].Id != lastId)
        {
            return null;
        }

        vectorNumbers.AddRange(numbers);
        foreach (var (key, count) in entities)
        {
            entityDocuments[key] = count;
        }

        vectorsSaved = numbers.Count;
        return (graph, last);
    }

    /// <summary>Saves the graph when it holds rows the snapshot on disk does not; called when the index is closed.</summary>
    private void SaveVectorSnapshot()
    {
        lock (vectorsGate)
        {
            if (vectors is null || vectors.Count == vectorsSaved || vectorNumbers.Count == 0)
            {
                return;
            }

            long last = vectorNumbers[^1];
            var found = store.ReadDocumentsAsync([last], withText: false).GetAwaiter().GetResult();
            if (found.Count == 0)
            {
                return; // removed since: a snapshot could not be checked when read
            }

            store.SaveSnapshot(VectorSnapshotName, stream =>
            {
                using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                writer.Write(VectorSnapshotVersion);
                writer.Write(last);
                writer.Write(found[0].Id);
                writer.Write(vectorNumbers.Count);
                foreach (long n in vectorNumbers)
                {
                    writer.Write(n);
                }

                writer.Write(entityDocuments.Count);
                foreach (var (key, count) in entityDocuments)
                {
                    writer.Write(key);
                    writer.Write(count);
                }

                writer.Flush();
                vectors.Write(stream);
            });
            vectorsSaved = vectors.Count;
        }
    }
}
