using NearDup.Group;
using NearDup.Index;
using NearDup.Text;

namespace NearDup.Tests.Index;

public sealed class WordStoriesTest
{
    /// <summary>Texts on 40 topics: most words from their topic's 30, the rest from a skewed common vocabulary.</summary>
    internal static List<string> TopicTexts(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>();
        for (int d = 0; d < count; d++)
        {
            int topic = random.Next(40);
            var words = Enumerable.Range(0, 60 + random.Next(60)).Select(_ => random.Next(10) < 7
                ? $"t{topic}x{random.Next(30)}"
                : "w" + ((int)Math.Pow(random.Next(1, 2000), 1.6) % 3000));
            texts.Add(string.Join(' ', words));
        }

        return texts;
    }

    private static List<(ulong Hash, float Count)[]> Documents(int count, int seed) =>
        [.. TopicTexts(count, seed).Select(text => TermVectorBuilder.CountTerms(text, Tokenizer.Tokenize(text), 2))];

    [Fact]
    public void Nearest_FromManyThreads_EqualsTheSearchOneAtATime()
    {
        var documents = Documents(800, 3);
        var words = new WordStories(new GroupOptions(), keepWeighedFrom: WordStories.WarmUp);
        for (int n = 0; n < documents.Count; n++)
        {
            words.Hold(n + 1, documents[n]);
        }

        var parallel = new List<(long Other, double Cosine, float Shared)>[documents.Count];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n => parallel[n] = words.Nearest(n + 1));
        int found = 0;
        for (int n = 0; n < documents.Count; n++)
        {
            var serial = words.Neighbours(n + 1);
            Assert.Equal(serial, parallel[n]);
            found += serial.Count;
        }

        Assert.True(found > documents.Count, $"the documents should have neighbours ({found})");
    }

    [Fact]
    public void ABatch_HeldSearchedInParallelAndPlacedInOrder_JoinsStoriesByWords()
    {
        var documents = Documents(400, 5);
        var batched = new WordStories(new GroupOptions(), keepWeighedFrom: WordStories.WarmUp);
        AddBatch(batched, [.. Enumerable.Range(1, 200).Select(n => (long)n)], documents, merge: true);
        var batch = Enumerable.Range(201, 200).Select(n => (long)n).ToList();
        AddBatch(batched, batch, documents, merge: false);

        Assert.Equal(400, batched.Count);
        Assert.All(batch, n => Assert.Equal(n, batched.StoryOf(n))); // placed in its own story until merged
        batched.MergeByAverageLink(batch, (a, b) => Merged(batched, a, b));
        Assert.Contains(batch, n => batched.StoryOf(n) != n); // some joined earlier stories by their words
    }

    [Fact]
    public void Regroup_OfStoriesMergedByAverageLink_SplitsNothing_ButAWrongMergeIsSplit_TheLargerPartKeepingItsNumber()
    {
        var documents = Documents(400, 5);
        var words = new WordStories(new GroupOptions(), keepWeighedFrom: WordStories.WarmUp);
        var all = Enumerable.Range(1, 400).Select(n => (long)n).ToList();
        AddBatch(words, all, documents, merge: true);
        var before = all.ToDictionary(n => n, words.StoryOf);

        var moved = new HashSet<long>();
        Assert.Empty(words.Regroup(all, moved)); // the scan's average link over the same edges: the same stories
        Assert.Empty(moved);
        Assert.All(all, n => Assert.Equal(before[n], words.StoryOf(n)));

        // Two stories of several members each joined by hand (no edge between them passes): the regroup parts them.
        var sizes = all.GroupBy(words.StoryOf).Where(g => g.Count() >= 3).OrderByDescending(g => g.Count()).Take(2).ToList();
        var (large, small) = (sizes[0].Key, sizes[1].Key);
        var smallMembers = sizes[1].ToHashSet();
        long joined = Math.Min(large, small);
        words.Merge(large, small);

        var parts = words.Regroup([joined], moved);

        Assert.Single(parts);
        Assert.All(sizes[0], n => Assert.Equal(joined, words.StoryOf(n))); // the larger part keeps the number
        Assert.Contains(parts.First(), smallMembers); // the smaller takes one of its members'
        Assert.Equal(smallMembers, moved.ToHashSet());
        Assert.All(smallMembers, n => Assert.Equal(parts.First(), words.StoryOf(n)));
    }

    // A batch as the index adds one: held, searched in parallel, placed in order, connected, then merged.
    private static void AddBatch(WordStories words, List<long> batch, List<(ulong Hash, float Count)[]> documents, bool merge)
    {
        foreach (long n in batch)
        {
            words.Hold(n, documents[(int)n - 1]);
        }

        var nearest = new List<(long Other, double Cosine, float Shared)>[batch.Count];
        Parallel.For(0, batch.Count, i => nearest[i] = words.Nearest(batch[i]));
        foreach (long n in batch)
        {
            words.Place(n, n, []);
        }

        words.Connect(batch, nearest);
        if (merge)
        {
            words.MergeByAverageLink(batch, (a, b) => Merged(words, a, b));
        }
    }

    private static long Merged(WordStories words, long a, long b)
    {
        words.Merge(a, b);
        return Math.Min(a, b);
    }
}
