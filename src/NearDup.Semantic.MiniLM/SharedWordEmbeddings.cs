using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The shipped int8 graph's word embeddings (30,522 × 384 floats, 47 MB, the largest part of the graph), read once
/// from the file and given to every session over that graph in place of its own copy: the encoder and the
/// cross-encoder read the same table, and each session held it apart (docs/PERFORMANCE.md, "Session 12: dense peak
/// memory"). The tensor lives as long as the process, as the shared sessions do.
/// </summary>
internal static unsafe class SharedWordEmbeddings
{
    /// <summary>The initializer's name in the graph.</summary>
    public const string Name = "embeddings.word_embeddings.weight";

    private static readonly Lazy<Table?> Shipped = new(() => MiniLmModel.ShippedInt8Path is { } path ? Read(path) : null);

    /// <summary>The table of the shipped int8 graph at <paramref name="modelPath"/>, or null for any other graph.</summary>
    public static OrtValue? For(string modelPath) =>
        MiniLmModel.ShippedInt8Path is { } shipped && string.Equals(Path.GetFullPath(modelPath), Path.GetFullPath(shipped), StringComparison.Ordinal)
            ? Shipped.Value?.Value
            : null;

    /// <summary>
    /// Walks the ONNX protobuf (ModelProto.graph, GraphProto.initializer) without parsing the graph and reads the
    /// table's raw floats straight into a pinned array; null if the file stores it otherwise (not raw little-endian
    /// floats of two dimensions).
    /// </summary>
    internal static Table? Read(string modelPath)
    {
        using var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        if (!BitConverter.IsLittleEndian || !Seek(file, file.Length, ModelGraphField, out long graphEnd))
        {
            return null;
        }

        while (Seek(file, graphEnd, GraphInitializerField, out long tensorEnd))
        {
            var dims = new List<long>(2);
            int dataType = 0;
            string? name = null;
            long rawStart = -1, rawLength = 0;
            while (file.Position < tensorEnd)
            {
                (int field, int wire) = Key(file);
                if (field == TensorDimsField && wire == 0)
                {
                    dims.Add((long)Varint(file));
                }
                else if (field == TensorDimsField && wire == 2)
                {
                    long end = (long)Varint(file) + file.Position;
                    while (file.Position < end)
                    {
                        dims.Add((long)Varint(file));
                    }
                }
                else if (field == TensorDataTypeField && wire == 0)
                {
                    dataType = (int)Varint(file);
                }
                else if (field == TensorNameField && wire == 2)
                {
                    var bytes = new byte[(int)Varint(file)];
                    file.ReadExactly(bytes);
                    name = System.Text.Encoding.UTF8.GetString(bytes);
                }
                else if (field == TensorRawDataField && wire == 2)
                {
                    rawLength = (long)Varint(file);
                    rawStart = file.Position;
                    file.Position += rawLength;
                }
                else
                {
                    Skip(file, wire);
                }
            }

            if (name != Name)
            {
                continue;
            }

            if (dataType != FloatType || dims.Count != 2 || rawStart < 0 || rawLength != dims[0] * dims[1] * sizeof(float))
            {
                return null;
            }

            // Native memory, as ORT's own copy was: 47 MB more on the managed heap raised the GC's budgets (dense 20k).
            nint memory = (nint)NativeMemory.AlignedAlloc((nuint)rawLength, 64);
            file.Position = rawStart;
            file.ReadExactly(new Span<byte>((void*)memory, checked((int)rawLength)));
            return new Table(memory, OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [.. dims], memory, rawLength));
        }

        return null;
    }

    /// <summary>The table in native memory and the tensor over it; disposing frees both.</summary>
    internal sealed class Table(nint memory, OrtValue value) : IDisposable
    {
        private nint memory = memory;

        public OrtValue Value { get; } = value;

        public void Dispose()
        {
            Value.Dispose();
            NativeMemory.AlignedFree((void*)Interlocked.Exchange(ref memory, 0));
        }
    }

    private const int ModelGraphField = 7;
    private const int GraphInitializerField = 5;
    private const int TensorDimsField = 1;
    private const int TensorDataTypeField = 2;
    private const int TensorNameField = 8;
    private const int TensorRawDataField = 9;
    private const int FloatType = 1;

    // Moves to the contents of the next length-delimited field number `field` before `end`; `fieldEnd` is where it ends.
    private static bool Seek(FileStream file, long end, int field, out long fieldEnd)
    {
        while (file.Position < end)
        {
            (int number, int wire) = Key(file);
            if (number == field && wire == 2)
            {
                fieldEnd = (long)Varint(file) + file.Position;
                return true;
            }

            Skip(file, wire);
        }

        fieldEnd = end;
        return false;
    }

    private static (int Field, int Wire) Key(FileStream file)
    {
        ulong key = Varint(file);
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static void Skip(FileStream file, int wire)
    {
        switch (wire)
        {
            case 0:
                Varint(file);
                break;
            case 1:
                file.Position += 8;
                break;
            case 2:
                long length = (long)Varint(file);
                file.Position += length;
                break;
            case 5:
                file.Position += 4;
                break;
            default:
                throw new InvalidDataException($"Protobuf wire type {wire} at byte {file.Position} of an ONNX graph.");
        }
    }

    private static ulong Varint(FileStream file)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = file.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("An ONNX graph ends inside a varint.");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A varint of an ONNX graph is longer than 64 bits.");
    }
}
