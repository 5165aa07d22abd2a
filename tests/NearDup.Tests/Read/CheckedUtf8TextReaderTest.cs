using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class CheckedUtf8TextReaderTest
{
    /// <summary>Gives one byte per read: every multi-byte sequence is split across reads.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    private static readonly byte[] Valid = Encoding.UTF8.GetBytes("caf\u00e9 \u20ac \U0001F600 \uFFFD end");

    // BOM, valid text, a lone continuation byte, an overlong start, text, a sequence cut by the end of the input.
    private static byte[] Input() => [0xEF, 0xBB, 0xBF, .. Valid, 0x80, 0xC0, 0xAF, (byte)'x', 0xE2, 0x82];

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 4096)]
    [InlineData(true, 2)]
    public async Task Read_SplitSequencesAndInvalidBytes_GivesTheTextAndEachInvalidOffset(bool async, int chunk)
    {
        using var stream = new TrickleStream(Input());
        using var reader = new CheckedUtf8TextReader(stream, bufferSize: 16);
        var text = new StringBuilder();
        char[] buffer = new char[chunk];
        int read;
        while ((read = async ? await reader.ReadAsync(buffer.AsMemory(), TestContext.Current.CancellationToken) : reader.Read(buffer.AsSpan())) > 0)
        {
            text.Append(buffer, 0, read);
        }

        // As the framework's replacement decoder gives it: one U+FFFD per maximal invalid subsequence.
        string expected = new UTF8Encoding(false, false).GetString([.. Valid, 0x80, 0xC0, 0xAF, (byte)'x', 0xE2, 0x82]);
        Assert.Equal(expected, text.ToString());
        var offsets = new List<long>();
        while (reader.TryTakeInvalid(out long offset))
        {
            offsets.Add(offset);
        }

        int at = 3 + Valid.Length;
        Assert.Equal([at, at + 1, at + 2, at + 4], offsets);
    }
}
