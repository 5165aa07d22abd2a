using System.Buffers;
using System.Numerics;
using System.Text.RegularExpressions;

namespace NearDup.Boilerplate;

/// <summary>
/// Reads one line the way a person skimming a page does: furniture is short, unpunctuated, in Title Case, or says
/// what it is ("Read more", "Related", "Sign up", "To suggest a correction", "Cover photo: via"). Article prose is
/// long and ends as sentences end. The cues are generic page-furniture wording, not strings of any one site.
/// </summary>
internal static partial class FurnitureCues
{
    /// <summary>Lines longer than this (in words) are prose whatever they say: a cue inside a long sentence is a quote.</summary>
    public const int MaxCueWords = 20;

    /// <summary>Lines up to this many words without final punctuation read as links, menu items or headlines.</summary>
    public const int MaxShortWords = 14;

    // Small words that stay lower case inside a Title Case headline.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SmallWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "of", "in", "on", "at", "for", "to", "with", "and", "or", "but", "nor", "by", "from", "as",
        "vs", "via", "is", "into", "over", "after", "up", "out", "off", "per",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    // Longer lines are prose whatever their shape: furniture lines are short.
    private const int MaxCueChars = 400;

    /// <summary>How <paramref name="line"/> reads; see <see cref="LineKind"/>.</summary>
    public static LineKind Classify(ReadOnlySpan<char> line) => Classify(line, out _);

    /// <summary>How <paramref name="line"/> reads, and for <see cref="LineKind.Cue"/> the cue found.</summary>
    public static LineKind Classify(ReadOnlySpan<char> line, out string? cue)
    {
        cue = null;
        line = line.Trim();
        if (line.IsEmpty || line.Length > MaxCueChars)
        {
            return LineKind.Prose; // furniture lines are short; this also bounds the work on hostile lines
        }

        // A line of more words than a cue line holds is prose whatever it says: most lines judged are paragraphs,
        // whose first words are counted faster than the whole line is searched for cue anchors.
        if (WordStarts(line, MaxCueWords + 1) > MaxCueWords)
        {
            return LineKind.Prose;
        }

        // The cue anchors are cheap to look for (the expression runs only on the few lines that hold one): a line
        // without any that ends as a sentence is prose whatever its words, so most lines are never split into words.
        bool anchored = line.ContainsAny(CueAnchors);
        if (!anchored && EndsAsSentence(line))
        {
            return LineKind.Prose;
        }

        int words = CountWords(line, out _, out _, countCapitals: false);
        if (anchored && words <= MaxCueWords)
        {
            foreach (var m in Cues().EnumerateMatches(line))
            {
                cue = line.Slice(m.Index, m.Length).Trim().ToString(); // the first match, as Match gives
                return LineKind.Cue;
            }
        }

        if (words == 0 || words > MaxShortWords || EndsAsSentence(line))
        {
            return LineKind.Prose;
        }

        // Only short unpunctuated lines need the capitals and small words counted (a set lookup a word).
        CountWords(line, out int capitalized, out int content, countCapitals: true);

        // Title Case: nearly every content word capitalized, and at least two of them (one capital is just a name).
        if (capitalized >= 2 && capitalized * 4 >= content * 3 && words >= 3)
        {
            return LineKind.Headline;
        }

        return LineKind.Short;
    }

    // Words that start with a letter or digit (edge punctuation trimmed); with countCapitals, also the content words
    // (not small words, not numbers) and those of them capitalized.
    private static int CountWords(ReadOnlySpan<char> line, out int capitalized, out int content, bool countCapitals)
    {
        int words = 0;
        capitalized = 0;
        content = 0;
        foreach (var range in line.Split(' '))
        {
            var word = line[range].Trim("\"'“”‘’()[]-–—,:;|•·");
            if (word.IsEmpty || !char.IsLetterOrDigit(word[0]))
            {
                continue;
            }

            words++;
            if (!countCapitals || !char.IsLetter(word[0]) || SmallWords.Contains(word))
            {
                continue;
            }

            content++;
            if (char.IsUpper(word[0]))
            {
                capitalized++;
            }
        }

        return words;
    }

    // Space-separated pieces that start with a letter or digit, counted up to most: each is a word CountWords counts
    // (trimming takes no letter or digit), so this is never more than CountWords gives. ASCII is read by blocks: a
    // letter or digit right after a space (or first) starts one.
    internal static int WordStarts(ReadOnlySpan<char> line, int most)
    {
        int words = 0, at = 0;
        bool afterSpace = true;
        if (AsciiLineBlock.IsSupported)
        {
            for (; at + AsciiLineBlock.Length <= line.Length; at += AsciiLineBlock.Length)
            {
                if (!AsciiLineBlock.TryRead(line[at..], out _, out uint spaces, out uint letterOrDigit))
                {
                    break;
                }

                words += BitOperations.PopCount(letterOrDigit & ((spaces << 1) | (afterSpace ? 1u : 0u)));
                if (words >= most)
                {
                    return most;
                }

                afterSpace = (spaces >> (AsciiLineBlock.Length - 1)) != 0;
            }
        }

        foreach (char c in line[at..])
        {
            if (afterSpace && char.IsLetterOrDigit(c) && ++words == most)
            {
                break;
            }

            afterSpace = c == ' ';
        }

        return words;
    }

    private static bool EndsAsSentence(ReadOnlySpan<char> line)
    {
        char last = line[^1];
        if (last is '"' or '”' or '’' or '\'' or ')' && line.Length > 1)
        {
            last = line[^2];
        }

        return last is '.' or '!' or '?' or ';' or ',' or '…';
    }

    // Word-bounded, case-insensitive; each alternative is a phrase pages use for navigation, teasers, sign-ups,
    // correction notices, credits and legal lines. Generated at build time: the non-backtracking engine built its
    // automaton when the class was first used (0.14 CPU-s a scan, synthetic 100k) and then each state as lines met it.
    // No timeout is needed (one fired under CPU load and failed whole scans): lines are trimmed and at most MaxCueChars
    // long, and no quantifier nests, so a line's backtracking is bounded (quadratic at worst in its 400 characters).
    [GeneratedRegex(@"\b(other topics of interest|related(\s+(stories|articles|topics|content|coverage|news|posts|links|reading))?\s*:?\s*$|^\s*related\b|read more|read also|also read|see also|more from|more stories|more on this|most (read|popular|viewed|shared)|recommended( for you)?|you may (also )?like|don'?t miss|sign up|subscribe|newsletter|advertisement|sponsored content|to suggest a correction|spotted an? (error|mistake|typo)|report an? (error|mistake|typo)|highlight the text and press|ctrl\s*\+\s*enter|cover (photo|image)|^\s*(photo|image|picture|video|graphic)s?(\s+credit)?\s*:|all rights reserved|copyright\s*(©|\(c\)|\d{4})|share this|follow us|click here|trending now|top stories|^\s*(tags|topics|filed under)\s*:)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cues();

    // A literal that every alternative of Cues holds (case-insensitive): a line without any of them cannot match.
    // Kept beside the expression: a new alternative needs its anchor here (a test checks one line per alternative).
    private static readonly SearchValues<string> CueAnchors = SearchValues.Create(
        [
            "other topics of interest", "related", "read more", "read also", "also read", "see also", "more from",
            "more stories", "more on this", "most read", "most popular", "most viewed", "most shared", "recommended",
            "you may", "t miss", "sign up", "subscribe", "newsletter", "advertisement", "sponsored content",
            "to suggest a correction", "spotted a", "report a", "highlight the text and press", "ctrl", "cover photo",
            "cover image", "photo", "image", "picture", "video", "graphic", "all rights reserved", "copyright",
            "share this", "follow us", "click here", "trending now", "top stories", "tags", "topics", "filed under",
        ],
        StringComparison.OrdinalIgnoreCase);
}
