using System.Numerics;
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
