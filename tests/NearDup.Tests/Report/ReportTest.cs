using System.Text.Json;
using System.Text.RegularExpressions;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Report;

namespace NearDup.Tests.Report;

public partial class ReportTest
{
    private static async Task<ScanResult> ScanExamples()
    {
        var problems = new InputProblems();
        var reader = DocumentReaders.Open(Path.Combine(TestPaths.RepoRoot, "examples", "news"), problems: problems);
        return await new ScanPipeline().RunAsync(reader, problems, TestContext.Current.CancellationToken);
    }

    private static JsonElement Json(ScanResult result, ReportOptions? options = null)
    {
        using var stream = new MemoryStream();
        JsonReport.Write(result, stream, options);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static void CollectNames(JsonElement element, HashSet<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                names.Add(p.Name);
                CollectNames(p.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectNames(item, names);
            }
        }
    }

    [GeneratedRegex("\"([a-z_]+)\"\\s*:")]
    private static partial Regex DocumentedName();

    [Fact]
    public async Task Json_HasTheDocumentedShape_StoriesAndPassageClusters()
    {
        using var result = await ScanExamples();
        var json = Json(result);
        Assert.Equal(
            ["schema", "relations_mode", "documents", "relations", "stories", "passage_clusters", "furniture", "problems", "stats"],
            Names(json));
        Assert.Equal("2", json.GetProperty("schema").GetString());
        Assert.Equal("tree", json.GetProperty("relations_mode").GetString());

        var story = json.GetProperty("stories")[0];
        Assert.Equal(["id", "canonical", "members"], Names(story));
        var members = story.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(["id", "relation"], Names(members[0]));
        Assert.Equal("canonical", members[0].GetProperty("relation").GetString());
        Assert.Equal(story.GetProperty("canonical").GetString(), members[0].GetProperty("id").GetString());
        Assert.All(members.Skip(1), m => Assert.Equal(["id", "relation", "to", "direction"], Names(m)));

        var cluster = json.GetProperty("passage_clusters")[0];
        Assert.Equal(["id", "fingerprints", "text", "members"], Names(cluster));
        var member = cluster.GetProperty("members")[0];
        Assert.Equal(["id", "start", "end", "first_token", "end_token"], Names(member));
        string id = member.GetProperty("id").GetString()!;
        string text = result.Text(result.Documents.Single(d => d.Id == id).Ordinal);
        int start = member.GetProperty("start").GetInt32(), end = member.GetProperty("end").GetInt32();
        Assert.Equal(cluster.GetProperty("text").GetString(), text[start..end]);

        var stats = json.GetProperty("stats");
        Assert.True(stats.GetProperty("passage_clusters").GetInt32() >= 1);
        Assert.True(stats.GetProperty("alignments").GetInt32() >= 1);

        // Every property name written is documented in docs/OUTPUT.md.
        var documented = DocumentedName().Matches(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "OUTPUT.md")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var written = new HashSet<string>();
        CollectNames(json, written);
        Assert.Empty(written.Except(documented));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(150)]
    [InlineData(5000)]
    public async Task Json_MaxPassageChars_ClipsLongPassagesInTheMiddle(int max)
    {
        using var result = await ScanExamples();
        var clusters = Json(result, new ReportOptions { MaxPassageChars = max }).GetProperty("passage_clusters").EnumerateArray().ToList();
        var whole = Json(result).GetProperty("passage_clusters").EnumerateArray().ToList();
        Assert.Equal(whole.Count, clusters.Count);
        bool clipped = false;
        for (int c = 0; c < clusters.Count; c++)
        {
            string full = whole[c].GetProperty("text").GetString()!, text = clusters[c].GetProperty("text").GetString()!;
            if (full.Length <= max)
            {
                Assert.Equal(full, text);
                continue;
            }

            clipped = true;
            Assert.Equal(full[..(max / 2)] + " … " + full[^(max / 2)..], text);
        }

        Assert.Equal(whole.Any(w => w.GetProperty("text").GetString()!.Length > max), clipped);
    }

    [Fact]
    public async Task Json_WithoutPassageText_LeavesOutTheClusterText()
    {
        using var result = await ScanExamples();
        var cluster = Json(result, new ReportOptions { PassageText = false }).GetProperty("passage_clusters")[0];
        Assert.Equal(["id", "fingerprints", "members"], Names(cluster));
    }

    [Fact]
    public async Task Csv_Headers_AndRelationsStartWithTheTwoDocumentIds()
    {
        using var result = await ScanExamples();
        var relations = new StringWriter();
        CsvReport.Write(result, relations);
        var lines = relations.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("a,b,kind,direction,coverage_a,coverage_b,confidence,passages,story", lines[0].TrimEnd('\r'));
        var ids = result.Documents.Select(d => d.Id).ToHashSet();
        Assert.All(lines.Skip(1), l => Assert.True(ids.Contains(l.Split(',')[0]) && ids.Contains(l.Split(',')[1]), l));
        Assert.Equal(result.Relations.Count, lines.Length - 1);

        var stories = new StringWriter();
        CsvReport.WriteStories(result, stories);
        var storyLines = stories.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("story,id,canonical,relation,to,direction", storyLines[0].TrimEnd('\r'));
        Assert.Equal(result.Stories.Sum(s => s.Members.Count), storyLines.Length - 1);
        Assert.Contains(storyLines, l => l.Split(',')[3] == "canonical");

        var passages = new StringWriter();
        CsvReport.WritePassages(result, passages);
        var passageLines = passages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("passage,id,start,end,first_token,end_token,members", passageLines[0].TrimEnd('\r'));
        Assert.Equal(result.PassageClusters.Sum(c => c.Members.Count), passageLines.Length - 1);
    }

    [Fact]
    public async Task Text_Summary_NamesModeStoriesAndReprintedPassages()
    {
        using var result = await ScanExamples();
        var output = new StringWriter();
        ConsoleReport.Write(result, output);
        string text = output.ToString();
        Assert.Matches(@"^6 documents .*, \d+ aligned, \d+ relations \(tree\), 1 stories, \d+ reprinted passages in ", text);
        Assert.Contains("Stories:", text, StringComparison.Ordinal);
        Assert.Contains("syndicated-trimmed  contains (inside)", text, StringComparison.Ordinal);
        Assert.Contains("Reprinted passages", text, StringComparison.Ordinal);
        Assert.Contains("column-with-excerpt [", text, StringComparison.Ordinal);
    }
}
