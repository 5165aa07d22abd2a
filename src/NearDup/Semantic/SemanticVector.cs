using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NearDup.Semantic;

/// <summary>Dot products and normalization over float vectors (SIMD through <see cref="Vector{T}"/>).</summary>
public static class SemanticVector
{
    /// <summary>Dot product of two equal-length vectors; the cosine when both are unit vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({a.Length} vs {b.Length}).", nameof(b));
        }

        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// The largest <see cref="Dot"/> of <paramref name="a"/> with the first <paramref name="count"/> rows of
    /// <paramref name="rows"/> (rows of <paramref name="a"/>'s length, one after another), each equal bit for bit to
    /// <see cref="Dot"/>. Four rows go at once against one load of <paramref name="a"/>: one accumulator alone waits on
    /// the adder every step, four keep it busy (the screen's best-partner search, about 3× faster).
    /// </summary>
    internal static float MaxDot(ReadOnlySpan<float> a, ReadOnlySpan<float> rows, int count)
    {
        int dim = a.Length;
        if (count < 0 || (long)count * dim > rows.Length)
        {
            throw new ArgumentException($"{count} rows of {dim} values do not fit in {rows.Length} values.", nameof(count));
        }

        float best = float.MinValue;
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            best = Math.Max(best, MaxDot4(a, rows.Slice(r * dim, dim), rows.Slice((r + 1) * dim, dim), rows.Slice((r + 2) * dim, dim), rows.Slice((r + 3) * dim, dim)));
        }

        for (; r < count; r++)
        {
            best = Math.Max(best, Dot(a, rows.Slice(r * dim, dim)));
        }

        return best;
    }

    /// <summary>
    /// The largest <see cref="Dot"/> of <paramref name="a"/> with four rows of its length, each equal bit for bit to
    /// <see cref="Dot"/>: one load of <paramref name="a"/> for four accumulators (see <see cref="MaxDot"/>). The rows
    /// may lie anywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float MaxDot4(ReadOnlySpan<float> a, ReadOnlySpan<float> row0, ReadOnlySpan<float> row1, ReadOnlySpan<float> row2, ReadOnlySpan<float> row3)
    {
        int dim = a.Length;
        if (!Vector.IsHardwareAccelerated || dim < Vector<float>.Count)
        {
            return Math.Max(Math.Max(Dot(a, row0), Dot(a, row1)), Math.Max(Dot(a, row2), Dot(a, row3)));
        }

        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var v0 = MemoryMarshal.Cast<float, Vector<float>>(row0[..dim]);
        var v1 = MemoryMarshal.Cast<float, Vector<float>>(row1[..dim]);
        var v2 = MemoryMarshal.Cast<float, Vector<float>>(row2[..dim]);
        var v3 = MemoryMarshal.Cast<float, Vector<float>>(row3[..dim]);
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
        for (int k = 0; k < va.Length; k++)
        {
            var x = va[k];
            a0 += x * v0[k];
            a1 += x * v1[k];
            a2 += x * v2[k];
            a3 += x * v3[k];
        }

        float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (int i = va.Length * Vector<float>.Count; i < dim; i++)
        {
            s0 += a[i] * row0[i];
            s1 += a[i] * row1[i];
            s2 += a[i] * row2[i];
            s3 += a[i] * row3[i];
        }

        return Math.Max(Math.Max(s0, s1), Math.Max(s2, s3));
    }

    /// <summary>Scales <paramref name="vector"/> to unit length; leaves a zero vector as is. Returns the old length.</summary>
    public static float Normalize(Span<float> vector)
    {
        float norm = MathF.Sqrt(Dot(vector, vector));
        if (norm > 0)
        {
            Scale(vector, 1f / norm);
        }

        return norm;
    }

    /// <summary>Adds <paramref name="weight"/> × <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void AddScaled(Span<float> destination, ReadOnlySpan<float> source, float weight)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"Vectors differ in length ({destination.Length} vs {source.Length}).", nameof(source));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<float>.Count)
        {
            var vd = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var vs = MemoryMarshal.Cast<float, Vector<float>>(source);
            var w = new Vector<float>(weight);
            for (int k = 0; k < vd.Length; k++)
            {
                vd[k] += vs[k] * w;
            }

            i = vd.Length * Vector<float>.Count;
        }

        for (; i < destination.Length; i++)
        {
            destination[i] += source[i] * weight;
        }
    }

    /// <summary>Multiplies every element of <paramref name="vector"/> by <paramref name="factor"/>.</summary>
    public static void Scale(Span<float> vector, float factor)
    {
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= factor;
        }
    }
}
