using System.Text.Json;
using System.Text.Json.Serialization;
using NearDup.Cli;
using NearDup.Evaluation.Synth;
using Parquet;
using Parquet.Serialization;

namespace NearDup.Tests.Cli;

[Collection(nameof(CliCollection))]
public sealed class DedupCommandTest : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neardup-dedup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Dedup_OfASyntheticCorpus_KeepsExactlyOneDocumentPerPlantedGroup_AndTheLinesUntouched()
    {
        // Whole copies only (exact, near-exact, trimmed), every source in the corpus: each planted group is one
        // source and its copies.
        var corpus = SyntheticCorpus.Generate(new SynthOptions
        {
            Count = 400, Seed = 5, CopyFraction = 0.4, HiddenSourceFraction = 0,
            Kinds = [SynthKind.Exact, SynthKind.NearExact, SynthKind.Trimmed],
        });
        string input = Path.Combine(_dir, "corpus.jsonl"), output = Path.Combine(_dir, "out.jsonl");
        // Other fields, odd spacing and escapes: the kept lines must come out byte for byte.
        var lines = corpus.Documents.Select((d, i) =>
            "{ \"meta\": {\"n\": " + i + ", \"html\": \"<b>\\u00e9</b>\"},\"id\":" + JsonSerializer.Serialize(d.Id) + ", \"text\":" + JsonSerializer.Serialize(d.Text) + "  }").ToList();
        await File.WriteAllLinesAsync(input, lines, TestContext.Current.CancellationToken);

        CliRun run = await CliRun.InvokeAsync("dedup", input, "-o", output, "--quiet");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        var outLines = await File.ReadAllLinesAsync(output, TestContext.Current.CancellationToken);
        Assert.All(outLines, l => Assert.Contains(l, lines));
        var kept = outLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToHashSet();
        foreach (var group in Groups(corpus.Documents.Select(d => d.Id), corpus.Truth))
        {
            Assert.True(group.Count(kept.Contains) == 1, $"group {string.Join(' ', group)} keeps {string.Join(' ', group.Where(kept.Contains))}; truth {string.Join("; ", corpus.Truth.Where(t => group.Contains(t.A)))}");
        }

        // Every dropped document is in the CSV, next to a kept one.
        var dropped = (await File.ReadAllLinesAsync(Path.Combine(_dir, "out.dropped.csv"), TestContext.Current.CancellationToken)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(lines.Count - outLines.Length, dropped.Count);
        Assert.All(dropped, row => Assert.Contains(row[2], kept));
        // A shared_source pair counts when the dropped side lies inside the kept one (a trimmed copy of an edited copy).
        Assert.All(dropped, row => Assert.True(row[4] is "exact" or "near_exact" or "contains" || double.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture) >= 0.8, string.Join(',', row)));
    }

    [Fact]
    public async Task Dedup_KeepFirst_KeepsTheFirstCopyRead()
    {
        string input = Path.Combine(_dir, "c.jsonl"), output = Path.Combine(_dir, "o.jsonl");
        string story = string.Join(' ', Enumerable.Range(0, 80).Select(i => "word" + i));
        await File.WriteAllLinesAsync(input, [
            "{\"id\":\"short\",\"text\":\"" + story + "\"}",
            "{\"id\":\"long\",\"text\":\"" + story + " and a last line with more words in it for the longer copy\"}",
        ], TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync("dedup", input, "-o", output, "--keep", "first", "--quiet")).Exit);
        Assert.Contains("\"short\"", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync("dedup", input, "-o", output, "--quiet")).Exit);
        Assert.Contains("\"long\"", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dedup_OfAFolder_CopiesTheKeptFiles()
    {
        string output = Path.Combine(_dir, "news");

        CliRun run = await CliRun.InvokeAsync("dedup", Path.Combine(TestPaths.RepoRoot, "examples", "news"), "-o", output, "--quiet");

        Assert.Equal(ExitCodes.Ok, run.Exit);
        var files = Directory.GetFiles(output).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Contains("unrelated-football", files);
        Assert.DoesNotContain("aggregator-exact-copy", files.Where(f => f != "wire-original" && files.Contains("wire-original")));
        Assert.True(files.Count < Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "news")).Length);
    }

    [Fact]
    public async Task Dedup_OfParquet_WritesParquet_WithTheSchema_AndEveryColumnOfEachKeptRowUntouched()
    {
        // Five stories and three copies over three row groups, the last of copies only (so not written); besides the text, columns of several types: an
        // integer id, a nullable double with nulls, a list of strings (repeated), a timestamp, a bool and a nested
        // group with a nullable member.
        string Story(string name) => string.Join(' ', Enumerable.Range(0, 90).Select(i => name + i));
        string[] order = ["a", "b", "c", "d", "e", "a", "b", "c"];
        var rows = order.Select((story, i) => new ParquetRow
        {
            Id = 100 + i,
            Text = Story(story),
            Score = i % 3 == 0 ? null : i * 1.5,
            Tags = i % 4 == 0 ? [] : [.. Enumerable.Range(0, i % 4).Select(t => $"tag{i}.{t}")],
            When = new DateTime(2024, 1, 1 + i, 8, 30, 0, DateTimeKind.Utc),
            Flag = i % 2 == 0,
            Place = new ParquetPlace { City = "City " + i, Zip = i % 2 == 0 ? null : 1000 + i },
        }).ToList();
        string input = Path.Combine(_dir, "corpus.parquet"), output = Path.Combine(_dir, "out.parquet");
        await ParquetSerializer.SerializeAsync(rows, input, new ParquetOptions { RowGroupSize = 3, CompressionMethod = CompressionMethod.Gzip }, cancellationToken: TestContext.Current.CancellationToken);

        CliRun run = await CliRun.InvokeAsync("dedup", input, "-o", output, "--keep", "first", "--quiet");

        Assert.True(run.Exit == ExitCodes.Ok, run.Error);
        var schemaIn = await ParquetReader.ReadSchemaAsync(input);
        var schemaOut = await ParquetReader.ReadSchemaAsync(output);
        Assert.True(schemaIn.Equals(schemaOut), schemaIn.GetNotEqualsMessage(schemaOut, "input", "output"));
        await using (var written = await ParquetReader.CreateAsync(output, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Equal(2, written.RowGroupCount);
            Assert.Equal(Parquet.Meta.CompressionCodec.GZIP, written.Metadata!.RowGroups[0].Columns[0].MetaData!.Codec);
        }

        var read = (await ParquetSerializer.DeserializeAsync<ParquetRow>(input, cancellationToken: TestContext.Current.CancellationToken)).Data;
        var kept = (await ParquetSerializer.DeserializeAsync<ParquetRow>(output, cancellationToken: TestContext.Current.CancellationToken)).Data;
        Assert.Equal([100, 101, 102, 103, 104], kept.Select(r => r.Id));
        foreach (var row in kept)
        {
            // Compared as read back: Parquet.Net reads the timestamps back without their kind, both files alike.
            var original = read.Single(r => r.Id == row.Id);
            Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(row));
        }

        var dropped = (await File.ReadAllLinesAsync(Path.Combine(_dir, "out.dropped.csv"), TestContext.Current.CancellationToken)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["105", "106", "107"], dropped.Select(d => d[0]));
        Assert.Equal([input + ":6", input + ":7", input + ":8"], dropped.Select(d => d[1]));
    }

    [Fact]
    public async Task Dedup_WithAnUnknownDuplicateKind_ExitsOne_AndListsTheAllowedOnes()
    {
        CliRun run = await CliRun.InvokeAsync("dedup", Path.Combine(TestPaths.RepoRoot, "examples", "news"), "-o", Path.Combine(_dir, "x"), "--duplicates", "exact,paraphrase");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("'paraphrase'", run.Error, StringComparison.Ordinal);
        Assert.Contains("shared_source", run.Error, StringComparison.Ordinal);
    }

    private static List<List<string>> Groups(IEnumerable<string> ids, IEnumerable<TruthPair> truth)
    {
        var parent = ids.ToDictionary(id => id, id => id);
        string Root(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        foreach (var pair in truth)
        {
            parent[Root(pair.A)] = Root(pair.B);
        }

        return parent.Keys.GroupBy(Root).Select(g => g.ToList()).ToList();
    }

    public sealed class ParquetRow
    {
        [JsonPropertyName("id")]
        public long Id { get; set; }

        [JsonPropertyName("text")]
        public string Text { get; set; } = "";

        public double? Score { get; set; }

        public List<string> Tags { get; set; } = [];

        public DateTime When { get; set; }

        public bool Flag { get; set; }

        public ParquetPlace? Place { get; set; }
    }

    public sealed class ParquetPlace
    {
        public string City { get; set; } = "";

        public int? Zip { get; set; }
    }
}
