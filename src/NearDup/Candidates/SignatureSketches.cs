using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NearDup.Candidates;

/// <summary>
/// The low byte of each MinHash value of every document (b-bit minwise hashing, Li and König 2010, with b = 8), one
/// flat array: a quarter of the signatures' memory, two cache lines a document at 128 permutations.
/// </summary>
/// <remarks>
/// Two values that are equal have equal low bytes, so the share of equal bytes is an upper bound of the signatures'
/// Jaccard estimate (<see cref="Fingerprint.MinHash.Jaccard"/>), never below it: a pair whose bound already loses
/// needs no signature read. Unrelated values agree on their low byte 1 time in 256. Add is not thread-safe; reads
/// may run in parallel once adding is done.
/// </remarks>
internal sealed class SignatureSketches(int numPermutations)
{
    private byte[] bytes = new byte[numPermutations * 64];
    private int count;

    /// <summary>Appends the sketch of the next document's signature (of <c>numPermutations</c> values).</summary>
    public void Add(ReadOnlySpan<uint> signature)
    {
        if ((count + 1) * numPermutations > bytes.Length)
        {
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, (count + 1) * numPermutations));
        }

        var sketch = bytes.AsSpan(count++ * numPermutations, numPermutations);
        for (int i = 0; i < sketch.Length; i++)
        {
            sketch[i] = (byte)signature[i];
        }
    }

    /// <summary>An upper bound of the Jaccard estimate of documents <paramref name="a"/> and <paramref name="b"/>'s signatures: the share of equal low bytes.</summary>
    public double UpperBound(int a, int b)
    {
        ReadOnlySpan<byte> x = bytes.AsSpan(a * numPermutations, numPermutations);
        ReadOnlySpan<byte> y = bytes.AsSpan(b * numPermutations, numPermutations);
        int equal = Fingerprint.MinHash.EqualCount(x, y);
        return (double)equal / numPermutations;
    }

    /// <summary>Asks for a document's sketch to be brought into cache (a hint only).</summary>
    public unsafe void Prefetch(int document)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* start = (byte*)Unsafe.AsPointer(ref bytes[document * numPermutations]);
        for (int offset = 0; offset < numPermutations; offset += 64)
        {
            Sse.Prefetch0(start + offset);
        }
    }
}
