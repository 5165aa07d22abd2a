using NearDup.Text;

namespace NearDup.Boilerplate;

/// <summary>
/// One worker's room for the members of the story it judges: their texts, read back into one character array, and
/// the tokens of those it tokenizes, in one token array, both reused from story to story. A new string for each
/// member and a new token array for each one tokenized were a third of the furniture stage (memory the runtime zeroes).
/// </summary>
/// <remarks>Not thread-safe: one per worker. What it hands out is valid until <see cref="Clear"/>.</remarks>
internal sealed class StoryTexts
{
    private char[] chars = [];
    private int charsUsed;
    private Token[] tokens = [];
    private int tokensUsed;

    /// <summary>Forgets the last story's texts and tokens; their memory is reused.</summary>
    public void Clear()
    {
        charsUsed = 0;
        tokensUsed = 0;
    }

    /// <summary>Room for a text of <paramref name="length"/> characters.</summary>
    public Memory<char> Take(int length)
    {
        if (chars.Length - charsUsed < length)
        {
            // What was handed out keeps the old array; the new one serves from here on.
            chars = new char[Math.Max(length, Math.Max(1 << 16, chars.Length * 2))];
            charsUsed = 0;
        }

        var room = chars.AsMemory(charsUsed, length);
        charsUsed += length;
        return room;
    }

    /// <summary>The tokens of <paramref name="text"/> (as <see cref="Tokenizer.Tokenize(string)"/> gives them).</summary>
    public ReadOnlyMemory<Token> Tokenize(ReadOnlySpan<char> text)
    {
        using var lease = Tokenizer.Lease(text);
        var found = lease.Tokens;
        if (tokens.Length - tokensUsed < found.Length)
        {
            tokens = new Token[Math.Max(found.Length, Math.Max(1 << 14, tokens.Length * 2))];
            tokensUsed = 0;
        }

        found.CopyTo(tokens.AsSpan(tokensUsed));
        var kept = tokens.AsMemory(tokensUsed, found.Length);
        tokensUsed += found.Length;
        return kept;
    }
}
