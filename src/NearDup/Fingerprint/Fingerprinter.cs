using System.Buffers;
using NearDup.Text;

namespace NearDup.Fingerprint;

/// <summary>
/// Computes a <see cref="DocumentFingerprint"/> from tokens: content hash, MinHash signature and winnow
/// fingerprints in one pass over the shingles. Thread-safe: scratch buffers are rented per call, so one
/// instance serves parallel callers.
/// </summary>
internal sealed class Fingerprinter
{
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
        using var lease = Tokenizer.Lease(text);
        return Compute(lease.Tokens);
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
        // Sorted by hash (positions riding along), then each run of one hash keeps its first occurrence.
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(selected.Length);
        int[] at = ArrayPool<int>.Shared.Rent(selected.Length);
        try
        {
            for (int i = 0; i < selected.Length; i++)
            {
                keys[i] = selected[i].Hash;
                at[i] = selected[i].Position;
            }

            Span<ulong> k = keys.AsSpan(0, selected.Length);
            Span<int> p = at.AsSpan(0, selected.Length);
            HashSort.Sort(k, p);
            int n = 0;
            for (int i = 0; i < k.Length; i++)
            {
                if (n == 0 || k[i] != k[n - 1])
                {
                    k[n] = k[i];
                    p[n++] = p[i];
                }
                else if (p[i] < p[n - 1])
                {
                    p[n - 1] = p[i];
                }
            }

            return (k[..n].ToArray(), keepPositions ? p[..n].ToArray() : []);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(at);
        }
    }
}
