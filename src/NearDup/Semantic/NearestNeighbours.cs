namespace NearDup.Semantic;

/// <summary>Each document's <c>k</c> nearest others as pairs are offered: the strongest <c>k</c> cosines kept, the first offered on a tie.</summary>
/// <remarks>Not thread-safe while offered to; read-only after.</remarks>
internal sealed class NearestNeighbours
{
    private readonly (float Cosine, int Other)[] nearest;
    private readonly int[] filled;
    private readonly int k;

    public NearestNeighbours(int documents, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        this.k = k;
        nearest = new (float, int)[documents * k];
        filled = new int[documents];
    }

    /// <summary>Offers <paramref name="other"/> as a neighbour of <paramref name="document"/>.</summary>
    public void Offer(int document, int other, float cosine)
    {
        if (k == 0)
        {
            return;
        }

        var row = nearest.AsSpan(document * k, k);
        int n = filled[document];
        if (n < k)
        {
            row[filled[document]++] = (cosine, other);
            return;
        }

        int weakest = 0;
        for (int r = 1; r < k; r++)
        {
            weakest = row[r].Cosine < row[weakest].Cosine ? r : weakest;
        }

        if (cosine > row[weakest].Cosine)
        {
            row[weakest] = (cosine, other);
        }
    }

    /// <summary>The neighbours kept of <paramref name="document"/>, in no order.</summary>
    public ReadOnlySpan<(float Cosine, int Other)> Of(int document) => nearest.AsSpan(document * k, filled[document]);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are each among the other's nearest.</summary>
    public bool Mutual(int a, int b) => Holds(a, b) && Holds(b, a);

    private bool Holds(int document, int other)
    {
        foreach (var (_, o) in Of(document))
        {
            if (o == other)
            {
                return true;
            }
        }

        return false;
    }
}
