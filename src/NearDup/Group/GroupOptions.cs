using NearDup.Relate;

namespace NearDup.Group;

/// <summary>How documents become stories: which relations bind, and the average-link test that joins the rest.</summary>
/// <remarks>
/// The thresholds were fitted by leave-topics-out cross-validation on ECB+ (<c>neardup eval ecb-plus</c>,
/// docs/EVALUATION.md); the held-out figures are there.
/// </remarks>
public sealed record GroupOptions
{
    /// <summary>Kinds that bind two documents into one story whatever else they match. Default: exact, near_exact,
    /// contains, shared_source and paraphrase: each says one text was made from the other. same_story and partial
    /// are evidence, not bonds: one such link must not chain two otherwise separate stories.</summary>
    public IReadOnlySet<RelationKind> JoinKinds { get; init; } = new HashSet<RelationKind>
    {
        RelationKind.Exact, RelationKind.NearExact, RelationKind.Contains, RelationKind.SharedSource,
        RelationKind.Paraphrase,
    };

    /// <summary>
    /// A partial relation counts as evidence (<see cref="WeakLinkSimilarity"/>) only when both sides are at least this
    /// covered. Default 0.3: a round-up quoting one line from each of several stories says nothing of either.
    /// </summary>
    public double PartialJoinCoverage { get; init; } = 0.3;

    /// <summary>
    /// Similarity a same_story relation, or a partial one passing <see cref="PartialJoinCoverage"/>, adds to a pair's
    /// word similarity. Default 0.1 (ECB+ cross-validation: 0.1 in every fold; 0.5 cost 0.06 pairwise F1): the link tips a pair whose words half agree, and one link between two stories of two members
    /// each adds 0.1 / 4 to their average, far below <see cref="Threshold"/>.
    /// </summary>
    public double WeakLinkSimilarity { get; init; } = 0.1;

    /// <summary>
    /// Average-link cut: two stories merge while the mean similarity over all their member pairs (pairs with no
    /// evidence count 0) exceeds it. Default 0.225 (ECB+ cross-validation picked 0.225 in every fold).
    /// </summary>
    public double Threshold { get; init; } = 0.225;

    /// <summary>
    /// Extra term-frequency weight of a capitalized word or a number (names, places, figures tell one event from
    /// another of its kind). Default 2: such a word counts three times.
    /// </summary>
    public double NameBoost { get; init; } = 2;

    /// <summary>Weight of the document-vector similarity beside the tf-idf cosine. Default 0 (ECB+ held out: the
    /// static document vectors cannot tell an event from another of its kind).</summary>
    public double VectorWeight { get; init; }

    /// <summary>Document-vector cosine that counts as no similarity; the range above it is scaled to 0..1. Default 0.8.</summary>
    public double VectorFloor { get; init; } = 0.8;

    /// <summary>tf-idf neighbours kept per document in the candidate graph. Default 20.</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>Smallest tf-idf cosine kept as an edge. Default 0.05.</summary>
    public double MinSimilarity { get; init; } = 0.05;

    /// <summary>
    /// Smallest cosine over all words (<see cref="TermVectors.FullCosine"/>) for word evidence to count, unless a
    /// same_story or partial relation vouches for the pair. Default 0.05: in a small corpus, two unrelated articles
    /// sharing only common words ("the", "said") score high over the shared words alone, yet a few hundredths over all
    /// their words. Not fitted: the ECB+ figures are the same with it at 0.
    /// </summary>
    public double MinFullCosine { get; init; } = 0.05;

    /// <summary>
    /// Two documents published more than this many days apart get no evidence beyond binding relations (a story is
    /// a window in time); null: no window. Default null: on ECB+ a 30-day window cost recall (follow-ups months later).
    /// </summary>
    public double? MaxDaysApart { get; init; }

    /// <summary>Whether documents joined to nothing come out as one-member stories. Default false: the output is a
    /// partition of the grouped documents only.</summary>
    public bool IncludeSingletons { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (JoinKinds is null)
        {
            throw new ArgumentOutOfRangeException(nameof(JoinKinds), "JoinKinds must not be null.");
        }

        RequireFinite(PartialJoinCoverage, nameof(PartialJoinCoverage));
        RequireFinite(WeakLinkSimilarity, nameof(WeakLinkSimilarity));
        RequireFinite(Threshold, nameof(Threshold));
        RequireFinite(NameBoost, nameof(NameBoost));
        RequireFinite(VectorWeight, nameof(VectorWeight));
        RequireFinite(MinSimilarity, nameof(MinSimilarity));
        RequireFinite(MinFullCosine, nameof(MinFullCosine));
        if (VectorFloor is < -1 or >= 1 || double.IsNaN(VectorFloor))
        {
            throw new ArgumentOutOfRangeException(nameof(VectorFloor), VectorFloor, "VectorFloor must be in [-1, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbours, 1, nameof(Neighbours));
        if (MaxDaysApart is { } days && !(days >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDaysApart), MaxDaysApart, "MaxDaysApart must be ≥ 0 or null.");
        }
    }

    private static void RequireFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
        }
    }
}
