using NearDup.Read;

namespace NearDup.Tests.Read;

public class MemoryReaderTest
{
    [Fact]
    public async Task ReadAsync_YieldsTheDocumentsInOrder_LazilyEachTime()
    {
        int enumerated = 0;
        IEnumerable<Document> Source()
        {
            enumerated++;
            yield return new Document("a", "first");
            yield return new Document("b", "second");
        }

        var reader = new MemoryReader(Source());
        Assert.Equal(0, enumerated);
        var ids = new List<string>();
        await foreach (var d in reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(d.Id);
        }

        Assert.Equal(["a", "b"], ids);
        Assert.Equal(1, enumerated);
    }

    [Fact]
    public async Task ReadAsync_NullDocument_IsACallerError()
    {
        var reader = new MemoryReader([new Document("a", "x"), null!]);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in reader.ReadAsync(TestContext.Current.CancellationToken))
            {
            }
        });
    }
}
