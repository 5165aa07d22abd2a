using NearDup.Boilerplate;

namespace NearDup.Tests.Boilerplate;

public sealed class IntrusionDetectorTest
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "news", name));

    [Fact]
    public void Seed003_SplicedTeaserAndCorrectionFooterAreIntrusions_WireTextIsNot()
    {
        string[] texts = [TestPaths.SeedText("001"), TestPaths.SeedText("002"), TestPaths.SeedText("003")];
        var found = new IntrusionDetector().Detect(texts);
        string t3 = texts[2];
        var in3 = found.Where(i => i.Document == 2).ToList();

        int teaserStart = t3.IndexOf("Zelensky Discusses Peace", StringComparison.Ordinal);
        int teaserEnd = t3.IndexOf("Holy", teaserStart, StringComparison.Ordinal);
        teaserEnd = t3.IndexOf('\n', teaserEnd);
        int footerStart = t3.IndexOf("To suggest a correction", StringComparison.Ordinal);
        Assert.True(teaserStart > 0 && teaserEnd > teaserStart && footerStart > 0);

        Assert.Equal(2, in3.Count);
        Assert.Equal(new TextSpan(teaserStart, teaserEnd), in3[0].Span);
        Assert.Contains("Other Topics of Interest", in3[0].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(footerStart, in3[1].Span.Start);
        Assert.Equal(t3.TrimEnd().Length, in3[1].Span.End);
        Assert.EndsWith("Ctrl + Enter", in3[1].Span.Slice(t3).ToString(), StringComparison.Ordinal);

        // Nothing of the wire prose is taken in any copy: every intrusion is in 003, or is 001's photo credit.
        foreach (var i in found.Where(i => i.Document != 2))
        {
            Assert.Equal(0, i.Document);
            Assert.StartsWith("Cover photo", i.Span.Slice(texts[0]).ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Seed003_TrimmedWireParagraphIsNotAnIntrusion()
    {
        string[] texts = [TestPaths.SeedText("001"), TestPaths.SeedText("002"), TestPaths.SeedText("003")];
        var found = new IntrusionDetector().Detect(texts);
        string t3 = texts[2];
        int only = t3.IndexOf("The deal between Moscow and Pyongyang", StringComparison.Ordinal);
        Assert.True(only > 0);
        Assert.DoesNotContain(found, i => i.Document == 2 && i.Span.Contains(only));
        int vietnam = texts[1].IndexOf("Putin later flew to Vietnam", StringComparison.Ordinal);
        Assert.DoesNotContain(found, i => i.Document == 1 && i.Span.Contains(vietnam));
    }

    [Fact]
    public void Example_ReadMoreBlockAndCorrectionLineAreIntrusions()
    {
        string copy = Example("syndicated-with-furniture.txt");
        string wire = Example("wire-original.txt");
        var found = new IntrusionDetector().Detect([copy, wire]);
        var inCopy = found.Where(i => i.Document == 0).ToList();
        Assert.Equal(2, inCopy.Count);
        Assert.Equal("Read more\nCity council votes to extend night bus service\nLocal bakery wins national bread award\nSign up for our morning newsletter",
            inCopy[0].Span.Slice(copy).ToString().Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal("Spotted an error? Write to our corrections desk.", inCopy[1].Span.Slice(copy).ToString());

        // The wire's own headline and its paragraphs the copy trimmed are not furniture.
        Assert.DoesNotContain(found, i => i.Document == 1);
    }

    [Fact]
    public void ReusesRelationAlignments()
    {
        string copy = Example("syndicated-with-furniture.txt");
        string wire = Example("wire-original.txt");
        var relation = new NearDup.Pipeline.ScanPipeline().Compare(copy, wire, 7, 9);
        Assert.NotNull(relation);
        var found = new IntrusionDetector().Detect([new StoryMember(7, copy), new StoryMember(9, wire)], [relation]);
        Assert.Equal(2, found.Count);
        Assert.All(found, i => Assert.Equal(7, i.Document));
    }

    [Fact]
    public void DetectsInAStoryFromTheGrouper()
    {
        var texts = new Dictionary<int, string> { [7] = Example("syndicated-with-furniture.txt"), [9] = Example("wire-original.txt") };
        var relation = new NearDup.Pipeline.ScanPipeline().Compare(texts[7], texts[9], 7, 9);
        Assert.NotNull(relation);
        var story = new NearDup.Group.Story(0, [7, 9], 9, [relation]);
        var found = new IntrusionDetector().Detect(story, d => texts[d]);
        Assert.Equal(2, found.Count);
        Assert.All(found, i => Assert.Equal(7, i.Document));
        Assert.Empty(new IntrusionDetector().Detect(new NearDup.Group.Story(1, [7], 7, []), d => texts[d]));
    }

    private const string Lead = "The regional council approved the new budget on Monday after a debate that lasted well into the night, with the opposition voting against every amendment.";
    private const string Tail = "The budget will take effect in January, and the council will review the spending on roads and schools again in the autumn after the first quarterly figures.";

    [Fact]
    public void TrimmedSectionWithSubheads_IsNotAnIntrusion()
    {
        string section = "Rural Roads Come First\n\nMost of the new money goes to repairing rural roads damaged by the floods of last winter, the finance officer told the meeting.\n\nNew Schools Must Wait\n\nThe school building programme was postponed by a year, to the anger of parents who had campaigned for it since 2019.";
        string original = Lead + "\n\n" + section + "\n\n" + Tail;
        string trimmed = Lead + "\n\n" + Tail;
        Assert.Empty(new IntrusionDetector().Detect([original, trimmed]));
    }

    [Fact]
    public void TeaserListOfTitleCaseHeadlines_IsAnIntrusionWithoutAnyCue()
    {
        string teasers = "Mayor Opens New Riverside Park\nLocal Team Wins Regional Cup Final\nHospital Expands Night Clinic Hours";
        string copy = Lead + "\n\n" + teasers + "\n\n" + Tail;
        string original = Lead + "\n\n" + Tail;
        var found = Assert.Single(new IntrusionDetector().Detect([copy, original]));
        Assert.Equal(teasers, found.Span.Slice(copy).ToString());
        Assert.Contains("3 headline-like lines", found.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TeaserBlockOfTwoCopies_GivenAsSharedText_IsNotAnIntrusion()
    {
        string teasers = "Mayor Opens New Riverside Park\nLocal Team Wins Regional Cup Final\nHospital Expands Night Clinic Hours";
        string copy = Lead + "\n\n" + teasers + "\n\n" + Tail;
        string original = Lead + "\n\n" + Tail;
        int start = copy.IndexOf(teasers, StringComparison.Ordinal);
        var span = new TextSpan(start, start + teasers.Length);
        var shared = new Dictionary<int, List<TextSpan>> { [0] = [span], [1] = [span] };
        var members = new[] { new StoryMember(0, copy), new StoryMember(1, copy), new StoryMember(2, original) };
        Assert.Empty(new IntrusionDetector().Detect(members, null, shared));
    }

    [Fact]
    public void ManyShortCoveredLines_AreLookedUpInTheOtherCopy_FirstByScanThenByPostings()
    {
        // Eight short lines: the first four are searched for word by word, the rest through the other copy's postings.
        string teasers = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"Council Story Number {i} Opens Today"));
        string copy = Lead + "\n\n" + teasers + "\n\n" + Tail;
        string original = Lead + "\n\n" + Tail;
        int start = copy.IndexOf(teasers, StringComparison.Ordinal);
        var span = new TextSpan(start, start + teasers.Length);

        // Covered, and word for word in the other copy: aligned.
        var shared = new Dictionary<int, List<TextSpan>> { [0] = [span], [1] = [span] };
        Assert.Empty(new IntrusionDetector().Detect([new StoryMember(0, copy), new StoryMember(1, copy), new StoryMember(2, original)], null, shared));

        // Covered by a claimed passage but in no other copy: every line is unaligned, the whole block furniture.
        var claimed = new Dictionary<int, List<TextSpan>> { [0] = [span] };
        var found = Assert.Single(new IntrusionDetector().Detect([new StoryMember(0, copy), new StoryMember(1, original)], null, claimed));
        Assert.Equal(teasers, found.Span.Slice(copy).ToString());
    }

    [Fact]
    public void Seeds_GivenTheirTreeRelations_GiveWhatAligningEveryPairGives()
    {
        string[] texts = [TestPaths.SeedText("001"), TestPaths.SeedText("002"), TestPaths.SeedText("003")];
        var pipeline = new NearDup.Pipeline.ScanPipeline();
        var tree = new[] { pipeline.Compare(texts[0], texts[1], 0, 1), pipeline.Compare(texts[1], texts[2], 1, 2) };
        Assert.All(tree, Assert.NotNull);
        var members = texts.Select((t, d) => new StoryMember(d, t)).ToArray();
        var everyPair = new IntrusionDetector().Detect(members);
        var fromTree = new IntrusionDetector().Detect(members, tree!);
        Assert.NotEmpty(everyPair);
        Assert.Equal(everyPair, fromTree);
    }

    [Fact]
    public void LargeStory_AlignsWithAFewPartnersEach_AndStillFindsTheFurniture()
    {
        string copy = Example("syndicated-with-furniture.txt");
        string wire = Example("wire-original.txt");
        var texts = Enumerable.Repeat(wire, 40).ToArray();
        texts[17] = copy;
        var found = new IntrusionDetector(maxPartners: 4).Detect(texts);
        Assert.Equal(2, found.Count);
        Assert.All(found, i => Assert.Equal(17, i.Document));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntrusionDetector(maxPartners: 0));
    }

    [Fact]
    public void HostileText_DoesNotCrash()
    {
        string longWord = new('x', 2_000_000);
        string repetitive = string.Concat(Enumerable.Repeat("Read more\nthe the the the the\n", 20_000));
        var found = new IntrusionDetector().Detect([longWord, repetitive, "Related\n" + longWord]);
        Assert.All(found, i => Assert.True(i.Span.End <= (i.Document == 0 ? longWord.Length : i.Document == 1 ? repetitive.Length : longWord.Length + 8)));
        Assert.Equal(LineKind.Prose, FurnitureCues.Classify(longWord));
    }

    [Fact]
    public void DuplicateMember_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new IntrusionDetector().Detect([new StoryMember(3, "a b c"), new StoryMember(3, "d e f")]));
        Assert.Contains("Document 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleDocumentOrEmptyTexts_GiveNothing()
    {
        var detector = new IntrusionDetector();
        Assert.Empty(detector.Detect(["Read more\nSign up for our newsletter"]));
        Assert.Empty(detector.Detect(["", ""]));
        Assert.Empty(detector.Detect(Array.Empty<string>()));
    }

    [Theory]
    [InlineData("Other Topics of Interest", nameof(LineKind.Cue))]
    [InlineData("Zelensky Discusses Peace, Prisoners With Senior Vatican Official", nameof(LineKind.Headline))]
    [InlineData("City council votes to extend night bus service", nameof(LineKind.Short))]
    [InlineData("- Red carpet -", nameof(LineKind.Short))]
    [InlineData("Cover photo: via REUTERS", nameof(LineKind.Cue))]
    [InlineData("Putin said the two countries would not tolerate Western \"blackmail\", and called for a review of sanctions.", nameof(LineKind.Prose))]
    [InlineData("\"We will read more books,\" the minister said, adding that the newsletter of the ministry would explain how, and that the plan would be published in full before the summer recess.", nameof(LineKind.Prose))]
    public void Classify_ReadsLinesByShapeAndWording(string line, string expected)
    {
        // The kind is named: a public test method cannot take the internal enum.
        Assert.Equal(Enum.Parse<LineKind>(expected), FurnitureCues.Classify(line));
    }

    // One line per alternative of the cue expression: each must still be found once the anchors filter the lines.
    [Theory]
    [InlineData("Other Topics of Interest")]
    [InlineData("Related stories:")]
    [InlineData("Related")]
    [InlineData("Related: the vote in pictures")]
    [InlineData("Read more")]
    [InlineData("Read also: the minister's letter")]
    [InlineData("Also read")]
    [InlineData("See also")]
    [InlineData("More from Europe")]
    [InlineData("More stories")]
    [InlineData("More on this")]
    [InlineData("Most popular")]
    [InlineData("Most read")]
    [InlineData("Recommended for you")]
    [InlineData("You may also like")]
    [InlineData("Don't miss")]
    [InlineData("Dont miss")]
    [InlineData("Sign up")]
    [InlineData("Subscribe now")]
    [InlineData("Our newsletter")]
    [InlineData("ADVERTISEMENT")]
    [InlineData("Sponsored content")]
    [InlineData("To suggest a correction, write to us.")]
    [InlineData("Spotted an error?")]
    [InlineData("Report a typo")]
    [InlineData("Highlight the text and press")]
    [InlineData("Ctrl + Enter")]
    [InlineData("Cover image: via AFP")]
    [InlineData("Photos: Reuters")]
    [InlineData("Video credit: AP")]
    [InlineData("Graphic:")]
    [InlineData("All rights reserved.")]
    [InlineData("Copyright 2024 The Daily")]
    [InlineData("Copyright © The Daily")]
    [InlineData("Share this")]
    [InlineData("Follow us")]
    [InlineData("Click here")]
    [InlineData("Trending now")]
    [InlineData("Top stories")]
    [InlineData("Tags: politics, europe")]
    [InlineData("Topics: budget")]
    [InlineData("Filed under: news")]
    public void Classify_FindsEveryCueAlternative(string line)
    {
        Assert.Equal(LineKind.Cue, FurnitureCues.Classify(line, out string? cue));
        Assert.False(string.IsNullOrEmpty(cue));
    }

    // Spaces, letters, digits, punctuation and a few non-ASCII characters (a non-breaking space, an accented letter, a
    // curly quote), mixed so that words cross the 32-character blocks; half the lines ASCII only. With a word limit.
    private static IEnumerable<(char[] Line, int Most)> RandomLines(int seed)
    {
        const string alphabet = "  \t\nab Z9.,-'\"()\u00a0\u00e9\u201c";
        var random = new Random(seed);
        for (int trial = 0; trial < 5000; trial++)
        {
            var line = new char[random.Next(0, 200)];
            bool ascii = random.Next(2) == 0;
            for (int i = 0; i < line.Length; i++)
            {
                line[i] = alphabet[random.Next(ascii ? alphabet.Length - 3 : alphabet.Length)];
            }

            yield return (line, random.Next(1, 40));
        }
    }

    [Fact]
    public void SpacedWords_ByBlocks_CountsAsCharacterByCharacter()
    {
        foreach (var (line, most) in RandomLines(20261201))
        {
            Assert.Equal(Expected(line, most), IntrusionDetector.SpacedWords(line, most));
        }

        static int Expected(ReadOnlySpan<char> line, int most)
        {
            int words = 0;
            bool inWord = false, counted = false;
            foreach (char c in line)
            {
                inWord &= !char.IsWhiteSpace(c);
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }

                counted &= inWord;
                inWord = true;
                if (!counted && char.IsLetterOrDigit(c))
                {
                    counted = true;
                    words++;
                }
            }

            return Math.Min(words, most);
        }
    }

    [Fact]
    public void WordStarts_ByBlocks_CountsAsCharacterByCharacter()
    {
        foreach (var (line, most) in RandomLines(20261202))
        {
            Assert.Equal(Expected(line, most), FurnitureCues.WordStarts(line, most));
        }

        static int Expected(ReadOnlySpan<char> line, int most)
        {
            int words = 0;
            for (int i = 0; i < line.Length; i++)
            {
                words += (i == 0 || line[i - 1] == ' ') && char.IsLetterOrDigit(line[i]) ? 1 : 0;
            }

            return Math.Min(words, most);
        }
    }
}
