using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NearDup.Pipeline;

namespace NearDup.Semantic;

/// <summary>
/// The cheap encoder's document vectors, one a document, kept from the semantic stage's first pass for its second.
/// Between the two only the grouper may read them (when it weighs vectors): otherwise they can wait in a temporary
/// file (<see cref="Spill"/>), off the heap that sits under the screens, the sessions and grouping.
/// </summary>
/// <remarks>Thread-safe for reading; <see cref="Spill"/> must not run beside a reader.</remarks>
internal sealed class DocumentVectors : IDisposable
{
    // Below this the vectors stay in memory (small scans, tests): a file is not worth it.
    private const long MinSpillBytes = 16L << 20;

    // Rows copied to the file per write.
    private const int RowsPerWrite = 512;

    private float[][]? rows;
    private SafeFileHandle? spilled;

    public DocumentVectors(float[][] rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        this.rows = rows;
        Count = rows.Length;
        Dimension = dimension;
    }

    /// <summary>Documents held.</summary>
    public int Count { get; }

    public int Dimension { get; }

    /// <summary>The vectors while in memory (what the grouper's vector weight reads); null once spilled.</summary>
    public IReadOnlyList<float[]>? InMemory => rows;

    /// <summary>Copies the vector of <paramref name="document"/> into <paramref name="into"/> (<see cref="Dimension"/> values).</summary>
    public void CopyTo(int document, Span<float> into)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(into.Length, Dimension);
        if (rows is { } held)
        {
            held[document].CopyTo(into);
            return;
        }

        SpillFile.Read(spilled!, MemoryMarshal.AsBytes(into), (long)document * Dimension * sizeof(float));
    }

    /// <summary>
    /// Moves the vectors to a temporary file in <paramref name="directory"/> when they are
    /// <paramref name="minBytes"/> or more (dense 20k: 31 MB); <see cref="CopyTo"/> then reads a row from it. A full or
    /// unwritable folder leaves them in memory.
    /// </summary>
    public void Spill(string? directory, long minBytes = MinSpillBytes)
    {
        if (rows is not { } held || (long)Count * Dimension * sizeof(float) < minBytes)
        {
            return;
        }

        foreach (var row in held)
        {
            if (row.Length != Dimension)
            {
                return; // not one row a dimension long: the file's offsets would not hold
            }
        }

        var file = SpillFile.TryWrite(directory, "vectors", f =>
        {
            float[] buffer = ArrayPool<float>.Shared.Rent(RowsPerWrite * Dimension);
            try
            {
                for (int first = 0; first < held.Length; first += RowsPerWrite)
                {
                    int n = Math.Min(RowsPerWrite, held.Length - first);
                    for (int r = 0; r < n; r++)
                    {
                        held[first + r].CopyTo(buffer.AsSpan(r * Dimension, Dimension));
                    }

                    RandomAccess.Write(f, MemoryMarshal.AsBytes(buffer.AsSpan(0, n * Dimension)), (long)first * Dimension * sizeof(float));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        });
        if (file is not null)
        {
            spilled = file;
            rows = null;
        }
    }

    /// <summary>Deletes the spill file, if any.</summary>
    public void Dispose() => spilled?.Dispose();
}
