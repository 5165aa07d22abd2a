using System.Buffers;
using NearDup.Text;

namespace NearDup.Fingerprint;

/// <summary>
/// Computes a <see cref="DocumentFingerprint"/> from tokens: content hash, MinHash signature and winnow
/// fingerprints in one pass over the shingles. Thread-safe: scratch buffers are rented per call, so one
/// instance serves parallel callers.
/// </summary>
public sealed class Fingerprinter
{
    [ThreadStatic]
    private static Token[]? tokenBuffer;

    private readonly MinHashPermutations permutations;

    /// <summary>A fingerprinter with <paramref name="options"/> (validated), or the defaults.</summary>
    public Fingerprinter(FingerprintOptions? options = null)
    {
        Options = (options ?? new()).Validate();
        permutations = MinHashPermutations.Get(Options.Seed, Options.NumPermutations);
    }

    public FingerprintOptions Options { get; }

    /// <summary>Tokenizes <paramref name="text"/> with <see cref="Tokenizer"/> and fingerprints it.</summary>
    public DocumentFingerprint Compute(ReadOnlySpan<char> text)
    {
        Token[] buffer = tokenBuffer ??= new Token[1024];
        int count = Tokenizer.Tokenize(text, ref buffer);
        tokenBuffer = buffer;
        return Compute(buffer.AsSpan(0, count));
    }

    /// <summary>Fingerprints a token sequence.</summary>
    public DocumentFingerprint Compute(ReadOnlySpan<Token> tokens)
    {
        FingerprintOptions o = Options;
        int shingleCount = Shingler.Count(tokens.Length, o.ShingleSize);
        var signature = new uint[o.NumPermutations];
        signature.AsSpan().Fill(uint.MaxValue);
        if (shingleCount == 0)
        {
            return new DocumentFingerprint(ContentHash.Compute(tokens), signature, [], [], 0, 0);
        }

        ulong[] shingles = ArrayPool<ulong>.Shared.Rent(Math.Max(shingleCount, tokens.Length));
        WinnowFingerprint[] selected = ArrayPool<WinnowFingerprint>.Shared.Rent(Winnower.MaxCount(shingleCount, o.WinnowWindow));
        try
        {
            // The shingle buffer first holds the token hashes for the content hash.
            for (int i = 0; i < tokens.Length; i++)
            {
                shingles[i] = tokens[i].Hash;
            }

            ulong content = ContentHash.Compute(shingles.AsSpan(0, tokens.Length));
            Shingler.Write(tokens, o.ShingleSize, shingles);
            ReadOnlySpan<ulong> sh = shingles.AsSpan(0, shingleCount);
            MinHash.Accumulate(sh, signature, permutations);
            int selectedCount = Winnower.Select(sh, o.WinnowWindow, selected);
            (ulong[] winnow, int[] positions) = DistinctWinnow(selected.AsSpan(0, selectedCount), o.KeepWinnowPositions);
            return new DocumentFingerprint(content, signature, winnow, positions, tokens.Length, shingleCount);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(shingles);
            ArrayPool<WinnowFingerprint>.Shared.Return(selected);
        }
    }

    private static (ulong[] Hashes, int[] Positions) DistinctWinnow(Span<WinnowFingerprint> selected, bool keepPositions)
    {
        // Sorted by hash, then position, so the first of each run is the first occurrence.
        selected.Sort(static (x, y) => x.Hash != y.Hash ? x.Hash.CompareTo(y.Hash) : x.Position.CompareTo(y.Position));
        int n = 0;
        for (int i = 0; i < selected.Length; i++)
        {
            if (n == 0 || selected[i].Hash != selected[n - 1].Hash)
            {
                selected[n++] = selected[i];
            }
        }

        var hashes = new ulong[n];
        int[] positions = keepPositions ? new int[n] : [];
        for (int i = 0; i < n; i++)
        {
            hashes[i] = selected[i].Hash;
            if (keepPositions)
            {
                positions[i] = selected[i].Position;
            }
        }

        return (hashes, positions);
    }
}
