using System.Collections.Concurrent;
using NearDup.Text;

namespace NearDup.Pipeline;

/// <summary>
/// The tokens of large documents, tokenized once per stage rather than once per pair: a huge document in several
/// candidate pairs would otherwise be tokenized (and its tokens buffered, per worker) for each of them. Small
/// documents are tokenized into the caller's buffer as before. Bounded: past <see cref="MaxCachedCharacters"/> in
/// all, large documents are tokenized per pair again. Thread-safe.
/// </summary>
internal sealed class LargeDocumentTokens
{
    /// <summary>Documents of at least this many characters are cached (a long article is 20,000).</summary>
    public const int MinCharacters = 1_000_000;

    /// <summary>Characters of text whose tokens are kept at most (tokens take ~3 bytes a character).</summary>
    public const long MaxCachedCharacters = 256_000_000;

    private readonly ConcurrentDictionary<int, Lazy<Token[]>> cache = new();
    private long cachedCharacters;

    /// <summary>The tokens of document <paramref name="ordinal"/>, whose text is <paramref name="text"/>.</summary>
    public ReadOnlySpan<Token> Get(int ordinal, string text, ref Token[] buffer)
    {
        if (text.Length >= MinCharacters && (cache.ContainsKey(ordinal) || Interlocked.Add(ref cachedCharacters, text.Length) <= MaxCachedCharacters))
        {
            return cache.GetOrAdd(ordinal, _ => new Lazy<Token[]>(() => Tokenizer.Tokenize(text))).Value;
        }

        int count = Tokenizer.Tokenize(text, ref buffer);
        return buffer.AsSpan(0, count);
    }
}
