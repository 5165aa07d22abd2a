using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NearDup.Semantic.MiniLM;

/// <summary>
/// The shipped int8 graph's word embeddings (30,522 × 384 floats, 47 MB, the largest part of the graph), read once
/// from the file and given to every session over that graph in place of its own copy: the encoder and the
/// cross-encoder read the same table, and each session held it apart (docs/PERFORMANCE.md, "Session 12: dense peak
/// memory"). The table lives while a session holds it: freed with the last one, read again for the next.
/// </summary>
internal static unsafe class SharedWordEmbeddings
{
    /// <summary>The initializer's name in the graph.</summary>
    public const string Name = "embeddings.word_embeddings.weight";

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> TableOnly = [Name];
    private static Table? shipped;
    private static int holders;
    private static bool unreadable; // the shipped file stores the table otherwise: not read again

    /// <summary>
    /// The table of the shipped int8 graph at <paramref name="modelPath"/> for one session, or null for any other
    /// graph: dispose it after the session (ORT reads the table where it lies).
    /// </summary>
    public static Holder? Hold(string modelPath)
    {
        if (MiniLmModel.ShippedInt8Path is not { } path || !string.Equals(Path.GetFullPath(modelPath), Path.GetFullPath(path), StringComparison.Ordinal))
        {
            return null;
        }

        lock (Gate)
        {
            if (shipped is null && !unreadable)
            {
                shipped = Read(path);
                unreadable = shipped is null;
            }

            if (shipped is null)
            {
                return null;
            }

            holders++;
            return new Holder(shipped);
        }
    }

    private static void Release()
    {
        Table? freed = null;
        lock (Gate)
        {
            if (--holders == 0)
            {
                (freed, shipped) = (shipped, null);
            }
        }

        freed?.Dispose();
    }

    /// <summary>A session's hold on the shared table; the last one disposed frees it.</summary>
    internal sealed class Holder(Table table) : IDisposable
    {
        private int released;

        public OrtValue Value => table.Value;

        /// <inheritdoc cref="Table.Map"/>
        public void Map(Span<long> ids) => table.Map(ids);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Release();
            }
        }
    }

    /// <summary>
    /// The table over the file's raw floats, its rows read as <see cref="Table.Map"/> meets their word pieces; null if
    /// the file stores it otherwise (not raw little-endian floats of two dimensions).
    /// </summary>
    internal static Table? Read(string modelPath)
    {
        RawTensor table;
        using (var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16))
        {
            if (Locate(file, TableOnly) is not [var found] || found.DataType != FloatType || found.Dims.Length != 2
                || found.RawLength != found.Dims[0] * found.Dims[1] * sizeof(float))
            {
                return null;
            }

            table = found;
        }

        var rows = File.OpenHandle(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read); // the table's to close
        return new Table(rows, table.RawStart, checked((int)table.Dims[0]), checked((int)table.Dims[1]));
    }

    /// <summary>
    /// The graph at <paramref name="modelPath"/> without the raw data of its initializers named in
    /// <paramref name="names"/> (names, types and dimensions kept), for a session that is given those initializers
    /// (ORT's AddInitializer): ORT parses the whole graph it is given, so the shipped graph's 59 MB cost a session's
    /// build 59 MB of protobuf for 12 MB of its own weights. Null if the file holds none of them as raw data.
    /// </summary>
    internal static byte[]? GraphWithout(string modelPath, IReadOnlySet<string> names)
    {
        using var file = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var tensors = Locate(file, names);
        if (tensors.Count == 0)
        {
            return null;
        }

        // Copied in order, each raw field replaced by a reference to where its bytes lie in this very file (ONNX
        // external data: ORT checks an initializer's size against its shape even when it is given one in its place),
        // the graph's length and each tensor's written anew.
        string location = Path.GetFileName(modelPath);
        var references = tensors.Select(t => ExternalData(location, t.RawStart, t.RawLength)).ToList();
        var lengths = new List<(Varint Old, long New)>(tensors.Count + 1) { (tensors[0].GraphLength, tensors[0].GraphLength.Value) };
        long shrink = 0;
        for (int k = 0; k < tensors.Count; k++)
        {
            var t = tensors[k];
            long length = t.TensorLength.Value - (t.RawEnd - t.RawFieldAt) + references[k].Length;
            lengths.Add((t.TensorLength, length));
            shrink += (t.RawEnd - t.RawFieldAt) - references[k].Length + (t.TensorLength.End - t.TensorLength.Start) - VarintSize((ulong)length);
        }

        lengths[0] = (lengths[0].Old, lengths[0].New - shrink);
        var graph = new byte[file.Length - shrink - (lengths[0].Old.End - lengths[0].Old.Start) + VarintSize((ulong)lengths[0].New)];
        int written = 0;
        long from = 0;
        void CopyTo(long end)
        {
            file.Position = from;
            file.ReadExactly(graph.AsSpan(written, checked((int)(end - from))));
            written += (int)(end - from);
        }

        for (int k = 0; k < lengths.Count; k++)
        {
            CopyTo(lengths[k].Old.Start);
            written += WriteVarint(graph.AsSpan(written), (ulong)lengths[k].New);
            from = lengths[k].Old.End;
            if (k > 0)
            {
                CopyTo(tensors[k - 1].RawFieldAt);
                references[k - 1].CopyTo(graph, written);
                written += references[k - 1].Length;
                from = tensors[k - 1].RawEnd;
            }
        }

        CopyTo(file.Length);
        return written == graph.Length ? graph : throw new InvalidDataException($"Rewriting {modelPath} wrote {written} bytes of {graph.Length}.");
    }

    // TensorProto fields data_location = EXTERNAL and external_data = {location, offset, length}.
    private static byte[] ExternalData(string location, long offset, long length)
    {
        var fields = new List<byte>(64);
        foreach ((string key, string value) in (ReadOnlySpan<(string, string)>)[("location", location), ("offset", $"{offset}"), ("length", $"{length}")])
        {
            byte[] k = System.Text.Encoding.UTF8.GetBytes(key), v = System.Text.Encoding.UTF8.GetBytes(value);
            var entry = new List<byte>(k.Length + v.Length + 4);
            AppendField(entry, 1, k);
            AppendField(entry, 2, v);
            AppendField(fields, TensorExternalDataField, [.. entry]);
        }

        fields.Add(TensorDataLocationField << 3);
        fields.Add(ExternalLocation);
        return [.. fields];
    }

    private static void AppendField(List<byte> target, int field, byte[] value)
    {
        Span<byte> varint = stackalloc byte[10];
        target.AddRange(varint[..WriteVarint(varint, (ulong)((field << 3) | 2))]);
        target.AddRange(varint[..WriteVarint(varint, (ulong)value.Length)]);
        target.AddRange(value);
    }

    /// <summary>A length-delimited field's length: its value and the bytes of its varint.</summary>
    private readonly record struct Varint(long Value, long Start, long End);

    /// <summary>Where a float initializer's raw data lies in a graph file, and the lengths that enclose it.</summary>
    private sealed record RawTensor(Varint GraphLength, Varint TensorLength, long RawFieldAt, long RawStart, long RawLength, int DataType, long[] Dims)
    {
        public long RawEnd => RawStart + RawLength;
    }

    /// <summary>
    /// Walks the ONNX protobuf (ModelProto.graph, GraphProto.initializer) without parsing the graph: the initializers
    /// named in <paramref name="names"/> stored as raw data, in file order.
    /// </summary>
    private static List<RawTensor> Locate(FileStream file, IReadOnlySet<string> names)
    {
        var found = new List<RawTensor>();
        if (!BitConverter.IsLittleEndian || !Seek(file, file.Length, ModelGraphField, out var graphLength))
        {
            return found;
        }

        long graphEnd = graphLength.End + graphLength.Value;
        while (Seek(file, graphEnd, GraphInitializerField, out var tensorLength))
        {
            long tensorEnd = tensorLength.End + tensorLength.Value;
            var dims = new List<long>(2);
            int dataType = 0;
            string? name = null;
            long rawFieldAt = -1, rawStart = -1, rawLength = 0;
            while (file.Position < tensorEnd)
            {
                long fieldAt = file.Position;
                (int field, int wire) = Key(file);
                if (field == TensorDimsField && wire == 0)
                {
                    dims.Add((long)ReadVarint(file));
                }
                else if (field == TensorDimsField && wire == 2)
                {
                    long end = (long)ReadVarint(file) + file.Position;
                    while (file.Position < end)
                    {
                        dims.Add((long)ReadVarint(file));
                    }
                }
                else if (field == TensorDataTypeField && wire == 0)
                {
                    dataType = (int)ReadVarint(file);
                }
                else if (field == TensorNameField && wire == 2)
                {
                    var bytes = new byte[(int)ReadVarint(file)];
                    file.ReadExactly(bytes);
                    name = System.Text.Encoding.UTF8.GetString(bytes);
                }
                else if (field == TensorRawDataField && wire == 2)
                {
                    rawFieldAt = fieldAt;
                    rawLength = (long)ReadVarint(file);
                    rawStart = file.Position;
                    file.Position += rawLength;
                }
                else
                {
                    Skip(file, wire);
                }
            }

            if (name is not null && names.Contains(name) && rawStart >= 0)
            {
                found.Add(new RawTensor(graphLength, tensorLength, rawFieldAt, rawStart, rawLength, dataType, [.. dims]));
            }
        }

        return found;
    }

    /// <summary>
    /// The table in native memory and the tensor over it; disposing frees both. A row is read from the file when a
    /// word piece first needs it, into the next free row: the table's untouched pages stay unmapped, so it is resident
    /// in proportion to the vocabulary a process meets (MRPC's news sentences use about a third of it), not 47 MB
    /// (the graph file mapped instead made most of it resident: the kernel maps 64 KiB around each fault). The ids a
    /// session is given are rewritten to those rows (<see cref="Map"/>); the graph reads ids only to gather these rows,
    /// so its outputs are bit for bit the same.
    /// </summary>
    internal sealed class Table : IDisposable
    {
        private readonly SafeFileHandle file;
        private readonly long rawStart;
        private readonly int rowBytes;
        private readonly int[] rows; // word piece -> its row in the table, -1 until read
        private readonly Lock gate = new();
        private int used;
        private nint memory;

        public Table(SafeFileHandle file, long rawStart, int vocabulary, int dimension)
        {
            this.file = file;
            this.rawStart = rawStart;
            rowBytes = dimension * sizeof(float);
            rows = new int[vocabulary];
            rows.AsSpan().Fill(-1);
            long bytes = (long)vocabulary * rowBytes;
            // Native memory, as ORT's own copy was (47 MB more on the managed heap raised the GC's budgets, dense 20k);
            // above glibc's mmap threshold, so its pages are the system's zero pages until a row is written.
            memory = (nint)NativeMemory.AlignedAlloc((nuint)bytes, 64);
            Value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [vocabulary, dimension], memory, bytes);
        }

        public OrtValue Value { get; }

        /// <summary>Rewrites word-piece ids (padding's 0 too) to their rows in the table, reading the rows not read yet.</summary>
        public void Map(Span<long> ids)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                long id = ids[i];
                if ((ulong)id >= (ulong)rows.Length)
                {
                    continue; // ORT refuses it as it did
                }

                int row = Volatile.Read(ref rows[id]);
                ids[i] = row >= 0 ? row : ReadRow((int)id);
            }
        }

        private int ReadRow(int id)
        {
            lock (gate)
            {
                if (rows[id] is >= 0 and int read)
                {
                    return read;
                }

                int row = used;
                var destination = new Span<byte>((byte*)memory + ((long)row * rowBytes), rowBytes);
                long offset = rawStart + ((long)id * rowBytes);
                while (destination.Length > 0)
                {
                    int n = RandomAccess.Read(file, destination, offset);
                    if (n <= 0)
                    {
                        throw new EndOfStreamException($"The word-embedding table ends inside row {id}.");
                    }

                    destination = destination[n..];
                    offset += n;
                }

                used++;
                Volatile.Write(ref rows[id], row); // after its floats: a reader that sees the row sees them
                return row;
            }
        }

        public void Dispose()
        {
            Value.Dispose();
            NativeMemory.AlignedFree((void*)Interlocked.Exchange(ref memory, 0));
            file.Dispose();
        }
    }

    private const int ModelGraphField = 7;
    private const int GraphInitializerField = 5;
    private const int TensorDimsField = 1;
    private const int TensorDataTypeField = 2;
    private const int TensorNameField = 8;
    private const int TensorRawDataField = 9;
    private const int TensorExternalDataField = 13;
    private const int TensorDataLocationField = 14;
    private const byte ExternalLocation = 1;
    private const int FloatType = 1;

    // Moves to the contents of the next length-delimited field number `field` before `end`; `length` is its length.
    private static bool Seek(FileStream file, long end, int field, out Varint length)
    {
        while (file.Position < end)
        {
            (int number, int wire) = Key(file);
            if (number == field && wire == 2)
            {
                long start = file.Position;
                long value = (long)ReadVarint(file);
                length = new Varint(value, start, file.Position);
                return true;
            }

            Skip(file, wire);
        }

        length = default;
        return false;
    }

    private static (int Field, int Wire) Key(FileStream file)
    {
        ulong key = ReadVarint(file);
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static void Skip(FileStream file, int wire)
    {
        switch (wire)
        {
            case 0:
                ReadVarint(file);
                break;
            case 1:
                file.Position += 8;
                break;
            case 2:
                long length = (long)ReadVarint(file);
                file.Position += length;
                break;
            case 5:
                file.Position += 4;
                break;
            default:
                throw new InvalidDataException($"Protobuf wire type {wire} at byte {file.Position} of an ONNX graph.");
        }
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        for (; value >= 0x80; value >>= 7)
        {
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        int n = 0;
        for (; value >= 0x80; value >>= 7)
        {
            destination[n++] = (byte)(value | 0x80);
        }

        destination[n++] = (byte)value;
        return n;
    }

    private static ulong ReadVarint(FileStream file)
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
