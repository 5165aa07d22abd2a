using System.Buffers;
using System.Text.Json;

namespace NearDup.Report;

/// <summary>
/// Writes the elements of a JSON array formatted in parallel: blocks of elements are written by writers of their own
/// (same options, at the same depth) and their bytes copied to the output in order, so the report is byte for byte
/// what one writer gives. On a large scan the report (hundreds of MB with passage texts) was a serial second.
/// </summary>
internal sealed class JsonArrayWriter
{
    // Elements a worker formats at a time, and blocks formatted before they are copied out: the window bounds what is
    // held (at ~9 KB a relation with its passage texts, a few MB), not the array.
    private const int BlockSize = 64;
    private static readonly int WindowBlocks = Math.Max(4, 2 * Environment.ProcessorCount);

    // Two windows of blocks: one is formatted while the other is copied out.
    private readonly Block[] blocks;
    private readonly Block[] nextBlocks;

    public JsonArrayWriter(JsonWriterOptions options)
    {
        blocks = NewBlocks(options);
        nextBlocks = NewBlocks(options);
    }

    private static Block[] NewBlocks(JsonWriterOptions options)
    {
        var window = new Block[WindowBlocks];
        for (int b = 0; b < window.Length; b++)
        {
            window[b] = new Block(options);
        }

        return window;
    }

    /// <summary>
    /// Writes elements 0 .. count - 1 of the array <paramref name="json"/> has just started on
    /// <paramref name="output"/>; each block of elements gets a fresh state from <paramref name="newState"/>.
    /// </summary>
    public void WriteElements<TState>(Utf8JsonWriter json, Stream output, int count, Func<TState> newState, Action<Utf8JsonWriter, int, TState> write)
    {
        if (count <= 2)
        {
            var state = newState();
            for (int i = 0; i < count; i++)
            {
                write(json, i, state);
                JsonReport.Drain(json);
            }

            return;
        }

        // The first and last elements go through the writer itself, so it knows the array has elements before and
        // after the copied ones: it writes the separator before the last and the array's end as it would have.
        write(json, 0, newState());
        json.Flush();
        // The next window is formatted while this one is copied out: copying waited for the window's slowest block
        // and then held the workers up, one core busy of two.
        int windowElements = BlockSize * WindowBlocks;
        var (current, next) = (blocks, nextBlocks);
        var formatting = Task.FromResult(Format(current, 1));
        for (int from = 1; from < count - 1; from += windowElements)
        {
            int used = formatting.GetAwaiter().GetResult();
            int following = from + windowElements;
            var into = next;
            formatting = following < count - 1 ? Task.Run(() => Format(into, following)) : Task.FromResult(0);
            for (int b = 0; b < used; b++)
            {
                output.WriteByte((byte)',');
                output.Write(current[b].Elements);
            }

            (current, next) = (next, current);
        }

        write(json, count - 1, newState());
        JsonReport.Drain(json);

        // Formats the blocks of the window starting at element windowStart; returns how many it used.
        int Format(Block[] window, int windowStart)
        {
            int used = Math.Min(window.Length, (count - 1 - windowStart + BlockSize - 1) / BlockSize);
            Parallel.For(0, used, b =>
            {
                int start = windowStart + (b * BlockSize);
                window[b].Write(start, Math.Min(start + BlockSize, count - 1), newState, write);
            });
            return used;
        }
    }

    // One worker's writer and buffer, reused from window to window.
    private sealed class Block(JsonWriterOptions options)
    {
        private readonly ArrayBufferWriter<byte> buffer = new();
        private readonly Utf8JsonWriter writer = new(Stream.Null, options);
        private int prefix;

        // The block's elements as the main writer would put them after an element (without the separator before them).
        public ReadOnlySpan<byte> Elements => buffer.WrittenSpan[prefix..];

        public void Write<TState>(int from, int to, Func<TState> newState, Action<Utf8JsonWriter, int, TState> write)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);

            // Two arrays open put the elements at the report's depth (the root object, then the section's array).
            writer.WriteStartArray();
            writer.WriteStartArray();
            writer.Flush();
            prefix = buffer.WrittenCount;
            var state = newState();
            for (int i = from; i < to; i++)
            {
                write(writer, i, state);
            }

            writer.Flush();
        }
    }
}
