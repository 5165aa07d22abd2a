using NearDup.Evaluation.Synth;
using NearDup.Index;
using NearDup.Relate;
using NearDup.Semantic.MiniLM;
using NearDup.Tests.Read;

namespace NearDup.Tests.Index;

/// <summary>The graph of document vectors is saved when an on-disk index is closed and read back when it is opened.</summary>
public sealed class IndexVectorSnapshotTest : IDisposable
{
    private readonly TempFolder folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Reopened_AnswersTheSameMeaningLevelMatches_WithoutLinkingTheVectorsAgain()
    {
        var options = IndexOptions.From(ScanPresets.Lexical.WithStaticEmbeddings());
        var documents = SyntheticCorpus.Generate(new SynthOptions { Count = 240, Seed = 9 }).Documents.ToList();
        var queries = documents.Take(60).Select(d => d with { Id = "query-" + d.Id }).ToList();
        string before;
        using (var index = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            await index.AddAsync(documents[..200], Token);
            before = Describe(await index.MatchAsync(queries, Token));
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "vectors.snapshot")));
        Assert.Contains(nameof(RelationKind.SameStory), before, StringComparison.Ordinal); // meaning-level matches were made

        using (var reopened = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            Assert.Equal(before, Describe(await reopened.MatchAsync(queries, Token)));
            Assert.Equal(0, reopened.VectorsLinkedAtOpen);
            await reopened.AddAsync(documents[200..], Token);
            before = Describe(await reopened.MatchAsync(queries, Token));
        }

        using var third = await NearDupIndex.OpenAsync(folder.Path, options, Token);
        Assert.Equal(before, Describe(await third.MatchAsync(queries, Token)));
        Assert.Equal(0, third.VectorsLinkedAtOpen);
    }

    [Fact]
    public async Task ASnapshotOlderThanTheIndex_IsUsed_AndOnlyTheDocumentsAddedSinceAreLinked()
    {
        var options = IndexOptions.From(ScanPresets.Lexical.WithStaticEmbeddings());
        var documents = SyntheticCorpus.Generate(new SynthOptions { Count = 120, Seed = 3 }).Documents.ToList();
        var queries = documents.Take(40).Select(d => d with { Id = "query-" + d.Id }).ToList();
        using (var index = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            await index.AddAsync(documents[..100], Token);
        }

        // A process killed before closing leaves the snapshot of the last close: put the first one back after adding 20.
        string snapshot = Path.Combine(folder.Path, "vectors.snapshot");
        File.Copy(snapshot, snapshot + ".first");
        using (var more = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            await more.AddAsync(documents[100..], Token);
        }

        File.Move(snapshot + ".first", snapshot, overwrite: true);
        string reopenedMatches;
        using (var reopened = await NearDupIndex.OpenAsync(folder.Path, options, Token))
        {
            reopenedMatches = Describe(await reopened.MatchAsync(queries, Token));
            Assert.Equal(20, reopened.VectorsLinkedAtOpen);
        }

        File.Delete(snapshot);
        using var rebuilt = await NearDupIndex.OpenAsync(folder.Path, options, Token);
        Assert.Equal(reopenedMatches, Describe(await rebuilt.MatchAsync(queries, Token)));
        Assert.Equal(120, rebuilt.VectorsLinkedAtOpen);
    }

    private static string Describe(IReadOnlyList<IndexOutcome> outcomes) =>
        string.Join("\n", outcomes.Select(o => $"{o.Id} story {o.Story}: " +
            string.Join(", ", o.Relations.Select(r => $"{r.A} {r.Kind} {r.Confidence:0.0000}"))));
}
