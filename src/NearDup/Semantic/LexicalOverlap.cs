namespace NearDup.Semantic;

/// <summary>How much wording two sentences share, over their distinct normalized words.</summary>
/// <param name="Jaccard">Shared words over all words of both.</param>
/// <param name="Unmatched">Share of the longer sentence's words that the other lacks: <c>1 - shared / max</c>.</param>
/// <param name="NumbersDiffer">Whether the sets of numbers differ (a different figure often means a different fact).</param>
internal readonly record struct LexicalOverlap(float Jaccard, float Unmatched, bool NumbersDiffer)
{
    /// <summary>Overlap of two sorted distinct hash sets, with their number sets.</summary>
    public static LexicalOverlap Compute(ReadOnlySpan<ulong> wordsA, ReadOnlySpan<ulong> wordsB, ReadOnlySpan<ulong> numbersA, ReadOnlySpan<ulong> numbersB)
    {
        int shared = CountShared(wordsA, wordsB);
        int union = wordsA.Length + wordsB.Length - shared;
        int longer = Math.Max(wordsA.Length, wordsB.Length);
        bool numbersDiffer = numbersA.Length != numbersB.Length || CountShared(numbersA, numbersB) != numbersA.Length;
        return new LexicalOverlap(
            union == 0 ? 1f : shared / (float)union,
            longer == 0 ? 0f : 1f - (shared / (float)longer),
            numbersDiffer);
    }

    /// <summary>Size of the intersection of two sorted distinct arrays.</summary>
    internal static int CountShared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }
}
