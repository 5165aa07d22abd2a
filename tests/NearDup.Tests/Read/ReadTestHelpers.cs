using NearDup.Read;

namespace NearDup.Tests.Read;

internal static class ReadTestHelpers
{
    public static async Task<List<Document>> ReadAllAsync(this IDocumentReader reader)
    {
        var documents = new List<Document>();
        await foreach (var document in reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            documents.Add(document);
        }

        return documents;
    }
}
