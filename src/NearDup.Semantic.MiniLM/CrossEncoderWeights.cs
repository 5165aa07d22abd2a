using System.Buffers.Binary;
using System.Text;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The fine-tuned part of the paraphrase cross-encoder, as shipped: named tensors in the layout of the graph's
/// initializers (so loading only swaps bytes), stored as IEEE half floats to halve the resource. File layout:
/// magic <c>NDCE</c>, version 1, count, then per tensor: name (UTF-8, length-prefixed), rank, dims, halves.
/// Written by tools/NearDup.Train.
/// </summary>
internal static class CrossEncoderWeights
{
    private const uint Magic = 0x4543444E; // "NDCE" little-endian
    private const int Version = 1;

    /// <summary>Writes the tensors (values as floats, rounded to half).</summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, long[] Dims, float[] Values)> tensors)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(tensors.Count);
        foreach ((string name, long[] dims, float[] values) in tensors)
        {
            writer.Write(name);
            writer.Write(dims.Length);
            foreach (long d in dims)
            {
                writer.Write(d);
            }

            writer.Write(values.Length);
            var bytes = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
            }

            writer.Write(bytes);
        }
    }

    /// <summary>Reads the tensors back as floats.</summary>
    public static Dictionary<string, (long[] Dims, float[] Values)> Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("Not a NearDup cross-encoder weights file (magic NDCE, version 1).");
        }

        int count = reader.ReadInt32();
        var tensors = new Dictionary<string, (long[], float[])>(count, StringComparer.Ordinal);
        for (int t = 0; t < count; t++)
        {
            string name = reader.ReadString();
            var dims = new long[reader.ReadInt32()];
            for (int d = 0; d < dims.Length; d++)
            {
                dims[d] = reader.ReadInt64();
            }

            var values = new float[reader.ReadInt32()];
            byte[] bytes = reader.ReadBytes(values.Length * 2);
            if (bytes.Length != values.Length * 2)
            {
                throw new InvalidDataException($"Cross-encoder weights file ends inside tensor '{name}'.");
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2));
            }

            tensors[name] = (dims, values);
        }

        return tensors;
    }
}
