using System.Collections.Frozen;
using NearDup.Text;

namespace NearDup.Segment;

/// <summary>Splits text into paragraphs and sentences, handling abbreviations, initials, quotes and datelines.</summary>
internal static class Segmenter
{
    // Words that end in a period without ending the sentence.
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "lt", "col", "sgt",
        "capt", "cmdr", "adm", "rev", "hon", "pres", "supt", "insp", "det", "inc", "ltd", "co", "corp", "bros",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs",
        "approx", "dept", "est", "fig", "figs", "vol", "pp", "ed", "eds", "al", "cf", "ca", "op", "art", "ave",
        "blvd", "rd", "hwy", "ft", "sq", "reg", "gov't", "univ", "assn", "mass", "calif", "fla", "ill", "penn",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // After an initialism such as "U.S." these words still start a new sentence.
    private static readonly FrozenSet<string> SentenceStarters = new[]
    {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "in", "on", "this", "that", "there",
        "his", "her", "its", "their", "our", "as", "at", "after", "before", "when", "while", "if", "however",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Segments <paramref name="text"/>; the spans index into it.</summary>
    public static Segmentation Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraphs = Paragraphs(text);
        var sentences = new List<TextSpan>(paragraphs.Count * 3);
        var owner = new List<int>(paragraphs.Count * 3);
        for (int p = 0; p < paragraphs.Count; p++)
        {
            int before = sentences.Count;
            Sentences(text, paragraphs[p], sentences);
            for (int k = before; k < sentences.Count; k++)
            {
                owner.Add(p);
            }
        }

        return new Segmentation([.. paragraphs], [.. sentences], [.. owner]);
    }

    /// <summary>The tokens that fall inside <paramref name="span"/>, as a <c>[first, end)</c> index range.</summary>
    public static (int First, int End) TokenRange(ReadOnlySpan<Token> tokens, TextSpan span)
    {
        int first = LowerBound(tokens, span.Start);
        int end = LowerBound(tokens, span.End);
        return (first, end);
    }

    // First token whose start is at or after offset.
    private static int LowerBound(ReadOnlySpan<Token> tokens, int offset)
    {
        int lo = 0, hi = tokens.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (tokens[mid].Start < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static List<TextSpan> Paragraphs(string text)
    {
        var result = new List<TextSpan>();
        bool blankLines = HasBlankLine(text);
        int start = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] != '\n')
            {
                i++;
                continue;
            }

            int lineEnd = i;
            int j = i + 1;
            bool blank = false;
            while (j < text.Length && text[j] is ' ' or '\t' or '\r' or '\n' or '\u00A0')
            {
                if (text[j] == '\n')
                {
                    blank = true;
                }

                j++;
            }

            bool split = blankLines ? blank : LineEndsParagraph(text, start, lineEnd);
            if (split)
            {
                AddTrimmed(text, start, lineEnd, result);
                start = j;
            }

            i = j;
        }

        AddTrimmed(text, start, text.Length, result);
        return result;
    }

    private static bool HasBlankLine(string text)
    {
        int i = text.IndexOf('\n');
        while (i >= 0 && i + 1 < text.Length)
        {
            int j = i + 1;
            while (j < text.Length && text[j] is ' ' or '\t' or '\r')
            {
                j++;
            }

            if (j < text.Length && text[j] == '\n')
            {
                return true;
            }

            i = text.IndexOf('\n', j);
        }

        return false;
    }

    // In a text without blank lines, a line break ends a paragraph after a sentence end or a short line.
    private static bool LineEndsParagraph(string text, int paragraphStart, int lineEnd)
    {
        int lineStart = text.LastIndexOf('\n', Math.Max(0, lineEnd - 1), Math.Max(0, lineEnd - paragraphStart)) + 1;
        lineStart = Math.Max(lineStart, paragraphStart);
        var line = text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd();
        if (line.IsEmpty)
        {
            return true;
        }

        char last = line[^1];
        return line.Length < 50 || last is '.' or '!' or '?' or ':' or '"' or '\u201D' or '\u2019' or ')';
    }

    private static void AddTrimmed(string text, int start, int end, List<TextSpan> into)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            into.Add(new TextSpan(start, end));
        }
    }

    private static void Sentences(string text, TextSpan paragraph, List<TextSpan> into)
    {
        int start = paragraph.Start;
        int i = paragraph.Start;
        while (i < paragraph.End)
        {
            char c = text[i];
            if (c is '。' or '！' or '？')
            {
                AddTrimmed(text, start, i + 1, into);
                start = i + 1;
                i++;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                i++;
                continue;
            }

            int end = i + 1;
            while (end < paragraph.End && text[end] is '.' or '!' or '?' or '…')
            {
                end++;
            }

            while (end < paragraph.End && IsCloser(text[end]))
            {
                end++;
            }

            if (end < paragraph.End && !char.IsWhiteSpace(text[end]))
            {
                i = end;
                continue;
            }

            int next = end;
            while (next < paragraph.End && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < paragraph.End && IsBoundary(text, i, c, next))
            {
                AddTrimmed(text, start, end, into);
                start = next;
            }

            i = end;
        }

        AddTrimmed(text, start, paragraph.End, into);
    }

    private static bool IsCloser(char c) => c is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']' or '»';

    private static bool IsBoundary(string text, int terminator, char mark, int next)
    {
        char n = text[next];
        if (char.IsLower(n))
        {
            return false;
        }

        if (mark != '.')
        {
            return true;
        }

        // The word before the period.
        int w = terminator;
        while (w > 0 && (char.IsLetter(text[w - 1]) || text[w - 1] == '.' || text[w - 1] == '\''))
        {
            w--;
        }

        var word = text.AsSpan(w, terminator - w);
        if (word.IsEmpty)
        {
            return true;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false; // an initial: "J. Smith"
        }

        bool initialism = word.Contains('.');
        if (!initialism && !Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
        {
            return true;
        }

        // "U.S." or "Gen." before a name continues; before a common sentence opener it ends the sentence.
        int e = next;
        while (e < text.Length && char.IsLetter(text[e]))
        {
            e++;
        }

        return initialism && SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(next, e - next));
    }
}
