using System.Globalization;
using System.Text;

namespace NearDup.Extract;

/// <summary>
/// Python's <c>\w+</c> on str: runs of letters (L*), numbers (N*) and underscore, case kept. The extractor scores
/// overlap with these tokens, and the article-extraction benchmark's metric counts them, so both share one definition.
/// </summary>
internal static class WordTokens
{
    /// <summary>Splits <paramref name="text"/> into <c>\w+</c> tokens as Python's <c>re</c> does on str.</summary>
    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        int i = 0;
        int start = -1;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
            if (IsWord(rune))
            {
                if (start < 0)
                {
                    start = i;
                }
            }
            else if (start >= 0)
            {
                tokens.Add(text[start..i]);
                start = -1;
            }

            i += consumed;
        }

        if (start >= 0)
        {
            tokens.Add(text[start..]);
        }

        return tokens;
    }

    /// <summary>Python's <c>\w</c> for str patterns: alphanumeric (str.isalnum) or underscore.</summary>
    internal static bool IsWord(Rune rune)
    {
        if (rune.Value == '_')
        {
            return true;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return true;
            default:
                return false;
        }
    }
}
