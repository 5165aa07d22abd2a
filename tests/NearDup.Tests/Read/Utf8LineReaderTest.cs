using System.Text;
using NearDup.Read;

namespace NearDup.Tests.Read;

public class Utf8LineReaderTest
{
    /// <summary>Returns at most a few bytes per read, to put line breaks on every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : MemoryStream(data)
    {
        private readonly Random _random = new(seed);

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _random.Next(1, 8))]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReadLine_TrickledInput_GivesTheSameLinesAsSplit(int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            builder.Append('x', random.Next(0, 200)).Append(i % 7 == 0 ? "\r\n" : "\n");
        }

        builder.Append("last line without break");
        string text = builder.ToString();
        using var reader = new Utf8LineReader(new TrickleStream(Encoding.UTF8.GetBytes(text), seed), maxLineBytes: 150);

        var lines = new List<(long Number, long Offset, string Line, bool TooLong)>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken))
        {
            lines.Add((reader.LineNumber, reader.LineOffset, Encoding.UTF8.GetString(reader.Line.Span), reader.TooLong));
        }

        string[] expected = text.Split('\n');
        Assert.Equal(expected.Length, lines.Count);
        long offset = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            string line = expected[i].TrimEnd('\r');
            bool tooLong = expected[i].Length > 150;
            Assert.Equal((i + 1L, offset, tooLong ? "" : line, tooLong), lines[i]);
            offset += expected[i].Length + 1;
        }
    }

    [Fact]
    public async Task FromStream_TrickledJsonLines_IsSniffedAndRead()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("   \n\n{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}");

        var documents = await DocumentReaders.FromStream(new TrickleStream(bytes, 5), "stdin", "-").ReadAllAsync();

        Assert.Equal(["a", "b"], documents.Select(d => d.Id));
    }
}
