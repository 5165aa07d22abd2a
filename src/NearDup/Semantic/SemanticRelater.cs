using NearDup.Relate;

namespace NearDup.Semantic;

/// <summary>
/// Decides the meaning-level relation of a candidate pair from its sentence alignment and document vectors:
/// <see cref="SemanticRelationKind.Paraphrase"/> when most of the shorter document aligns in order, with high
/// paraphrase probability (<see cref="SemanticOptions.ParaphraseMinSupport"/>), in other words, <see cref="SemanticRelationKind.TextReuse"/> when it aligns in the same words,
/// <see cref="SemanticRelationKind.SameStory"/> when the documents are close but little aligns, else none.
/// With an <see cref="IParaphraseVerifier"/> the in-other-words sentence pairs are a cascade: the aligner proposes them
/// from <see cref="SemanticOptions.ProposalMinProbability"/>, the verifier keeps those it judges paraphrases.
/// </summary>
internal sealed class SemanticRelater
{
    /// <summary>
    /// Most sentence pairs of one document pair sent to the verifier (one batch; the longest first, as they weigh
    /// most in the support): a long document costs at most this many cross-encoder passes per pair (~6 ms each).
    /// </summary>
    public const int MaxVerifiedPairs = 32;

    private readonly SemanticOptions options;
    private readonly SentenceAligner aligner;
    private readonly IParaphraseVerifier? verifier;
    private readonly bool verifyAll;

    /// <param name="options">Thresholds; with a <paramref name="verifier"/>, <see cref="SemanticOptions.VerifiedMinSupport"/> is the support cut.</param>
    /// <param name="verifier">The cross-encoder of the cascade; null: the encoder's probabilities alone.</param>
    /// <param name="verifyAll">Judge every pair in other words, even where the verdict cannot change (to fit the support cut on the supports it gives).</param>
    public SemanticRelater(SemanticOptions? options = null, IParaphraseVerifier? verifier = null, bool verifyAll = false)
    {
        options ??= new();
        options.Validate();
        this.options = verifier is null ? options : options with { ParaphraseMinSupport = options.VerifiedMinSupport };
        aligner = new SentenceAligner(this.options);
        this.verifier = verifier;
        this.verifyAll = verifyAll;
    }

    /// <summary>Relates two documents encoded by the same sentence encoder.</summary>
    /// <param name="a">First document.</param>
    /// <param name="b">Second document.</param>
    /// <param name="publishedA">Publication time of A, when known: decides direction when coverage does not.</param>
    /// <param name="publishedB">Publication time of B, when known.</param>
    public SemanticRelation Relate(SemanticDocument a, SemanticDocument b, DateTimeOffset? publishedA = null, DateTimeOffset? publishedB = null)
    {
        var pairs = verifier is null ? aligner.Align(a, b) : Verify(a, b, aligner.Align(a, b, options.ProposalMinProbability), verifier);
        double documentCosine = SemanticVector.Dot(a.Vector, b.Vector);
        double coverageA = Coverage(a, pairs, sideA: true);
        double coverageB = Coverage(b, pairs, sideA: false);
        double supportA = Coverage(a, pairs, sideA: true, weighted: true);
        double supportB = Coverage(b, pairs, sideA: false, weighted: true);
        int inOrder = 0;
        double verbatim = 0, weight = 0;
        foreach (var pair in pairs)
        {
            inOrder += pair.InOrder ? 1 : 0;
            double length = Math.Min(pair.A.Length, pair.B.Length);
            verbatim += pair.VerbatimShare * length;
            weight += length;
        }

        double inOrderShare = pairs.Count == 0 ? 0 : inOrder / (double)pairs.Count;
        double verbatimShare = weight == 0 ? 0 : verbatim / weight;

        // The shorter document is the one whose sentences must mostly align.
        bool aShorter = TextLength(a) <= TextLength(b);
        double shorterCoverage = aShorter ? coverageA : coverageB;
        double support = aShorter ? supportA : supportB;
        int storySentences = aShorter ? StorySentences(a, b) : StorySentences(b, a);
        SemanticRelationKind kind;
        double confidence;
        if (options.Restates(support, inOrderShare))
        {
            kind = verbatimShare < options.ParaphraseMaxVerbatimShare ? SemanticRelationKind.Paraphrase : SemanticRelationKind.TextReuse;
            confidence = Margin(support, options.ParaphraseMinSupport);
        }
        else if (storySentences >= options.SameStoryMinSentences && RestCosine(a, b) is var restCosine && restCosine >= options.SameStoryMinCosine)
        {
            kind = SemanticRelationKind.SameStory;
            confidence = Margin(restCosine, options.SameStoryMinCosine);
        }
        else
        {
            kind = SemanticRelationKind.None;
            confidence = 1 - Math.Max(Margin(documentCosine, options.SameStoryMinCosine), Margin(support, options.ParaphraseMinSupport));
        }

        var direction = kind is SemanticRelationKind.Paraphrase or SemanticRelationKind.TextReuse
            ? FlowDirection(coverageA, coverageB, publishedA, publishedB)
            : Direction.None;
        return new SemanticRelation(kind, Math.Clamp(confidence, 0, 1), direction, documentCosine, coverageA, coverageB, support, inOrderShare, verbatimShare, storySentences, pairs);
    }

    /// <summary>
    /// The cascade: the sentence pairs in other words (<see cref="AlignedSentenceKind.Paraphrase"/>) are judged by
    /// <paramref name="judge"/> when its answers can change whether one document restates the other, i.e. when the
    /// shorter side's support without them is under <see cref="SemanticOptions.ParaphraseMinSupport"/> and with all of
    /// them at probability 1 would reach it. A judged pair weighs in the support by the mean of the judge's probability
    /// and the encoder's (on MRPC articles held out from the judge, each at a cross-validated cut, the mean found more
    /// rewrites than either alone: docs/EVALUATION.md); a proposal
    /// (under <see cref="SemanticOptions.AlignMinProbability"/>) is kept only when the judge confirms it, a pair the
    /// encoder aligned stays as a passage either way (MRPC's "paraphrase" is strict equivalence: a sentence that adds a
    /// clause is refused, yet it is still the other's source). A pair not judged (no need, or over
    /// <see cref="MaxVerifiedPairs"/>) keeps the encoder's probability, and is dropped when that is only a proposal.
    /// </summary>
    internal IReadOnlyList<AlignedSentences> Verify(SemanticDocument a, SemanticDocument b, IReadOnlyList<AlignedSentences> proposed, IParaphraseVerifier judge)
    {
        bool aShorter = TextLength(a) <= TextLength(b);
        var shorter = aShorter ? a : b;
        double total = TextLength(shorter);
        double settled = 0, open = 0;
        var judged = new List<int>();
        for (int k = 0; k < proposed.Count; k++)
        {
            var pair = proposed[k];
            if (pair.Kind == AlignedSentenceKind.Paraphrase)
            {
                open += CoveredLength(shorter, pair, aShorter);
                judged.Add(k);
            }
            else if (pair.Probability >= options.AlignMinProbability)
            {
                settled += pair.Probability * CoveredLength(shorter, pair, aShorter);
            }
        }

        var probabilities = new float[proposed.Count];
        probabilities.AsSpan().Fill(float.NaN); // not judged
        if (judged.Count > 0 && total > 0 && (verifyAll || (settled / total < options.ParaphraseMinSupport && (settled + open) / total >= options.ParaphraseMinSupport)))
        {
            if (judged.Count > MaxVerifiedPairs)
            {
                judged.Sort((x, y) => CoveredLength(shorter, proposed[y], aShorter).CompareTo(CoveredLength(shorter, proposed[x], aShorter)));
                judged.RemoveRange(MaxVerifiedPairs, judged.Count - MaxVerifiedPairs);
            }

            var first = new string[judged.Count];
            var second = new string[judged.Count];
            for (int k = 0; k < judged.Count; k++)
            {
                first[k] = proposed[judged[k]].A.Slice(a.Text).ToString();
                second[k] = proposed[judged[k]].B.Slice(b.Text).ToString();
            }

            var scores = new float[judged.Count];
            judge.Score(first, second, scores);
            for (int k = 0; k < judged.Count; k++)
            {
                probabilities[judged[k]] = scores[k];
            }
        }

        var kept = new List<AlignedSentences>(proposed.Count);
        for (int k = 0; k < proposed.Count; k++)
        {
            var pair = proposed[k];
            float p = probabilities[k];
            if (float.IsNaN(p))
            {
                if (pair.Probability >= options.AlignMinProbability)
                {
                    kept.Add(pair);
                }
            }
            else if (p >= judge.Threshold || pair.Probability >= options.AlignMinProbability)
            {
                kept.Add(pair with { Probability = (p + pair.Probability) / 2 });
            }
        }

        return kept;
    }

    // Characters of the document's sentences in the pair (its side A or B), as coverage and support count them.
    private static int CoveredLength(SemanticDocument document, AlignedSentences pair, bool sideA)
    {
        int first = sideA ? pair.FirstA : pair.FirstB;
        int count = sideA ? pair.CountA : pair.CountB;
        int length = 0;
        for (int s = first; s < first + count; s++)
        {
            length += document.Sentences[s].Length;
        }

        return length;
    }

    /// <summary>
    /// Cosine of what the two documents say beyond the sentences both hold word for word (<see cref="SemanticDocument.RestVector"/>):
    /// reprinted sentences are text reuse, already reported as such, and make two documents alike without making
    /// them one story. Equal to the document cosine when nothing is shared.
    /// </summary>
    internal static float RestCosine(SemanticDocument a, SemanticDocument b)
    {
        // On the stack: the screen takes this for every pair it measures.
        Span<float> restA = stackalloc float[a.Dimension];
        Span<float> restB = stackalloc float[b.Dimension];
        a.RestVector(b, restA);
        b.RestVector(a, restB);
        return SemanticVector.Dot(restA, restB);
    }

    // Sentences of `shorter` whose best match in `other` reaches the same-fact cosine in other words. A sentence
    // copied word for word is text reuse (a passage cluster reports it), not a second report of the same facts:
    // documents that share a few reprinted sentences are not one story by that alone.
    private int StorySentences(SemanticDocument shorter, SemanticDocument other)
    {
        int count = 0;
        int n = Math.Min(shorter.Count, SentenceAligner.MaxSentences);
        int m = Math.Min(other.Count, SentenceAligner.MaxSentences);
        for (int i = 0; i < n; i++)
        {
            if (shorter.IsSharedWith(i, other))
            {
                continue;
            }

            var v = shorter.SentenceVector(i);
            float best = float.MinValue;
            for (int j = 0; j < m; j++)
            {
                best = Math.Max(best, SemanticVector.Dot(v, other.SentenceVector(j)));
            }

            if (best >= options.StorySentenceMinCosine && best < CopiedSentenceCosine)
            {
                count++;
            }
        }

        return count;
    }

    // Above this a sentence pair is the same sentence (int8 vectors of one sentence score about 0.99).
    private const float CopiedSentenceCosine = 0.98f;

    // A side that is almost all aligned while the other is not is the derived one (a rewrite or an excerpt).
    private static Direction FlowDirection(double coverageA, double coverageB, DateTimeOffset? publishedA, DateTimeOffset? publishedB)
    {
        const double Clear = 0.2;
        if (coverageA - coverageB >= Clear)
        {
            return Direction.AFromB;
        }

        if (coverageB - coverageA >= Clear)
        {
            return Direction.BFromA;
        }

        if (publishedA is { } pa && publishedB is { } pb && pa != pb)
        {
            return pa < pb ? Direction.BFromA : Direction.AFromB;
        }

        return Direction.None;
    }

    // 0.5 at the threshold, rising to 1 at the top of the range.
    private static double Margin(double value, double threshold) =>
        value <= threshold ? 0.5 * Math.Max(0, value) / Math.Max(threshold, 1e-9) : 0.5 + (0.5 * (value - threshold) / Math.Max(1 - threshold, 1e-9));

    private static int TextLength(SemanticDocument document)
    {
        int length = 0;
        foreach (var span in document.Sentences)
        {
            length += span.Length;
        }

        return length;
    }

    // Share of the document's sentence characters inside aligned pairs; weighted: each pair counts by its probability.
    private static double Coverage(SemanticDocument document, IReadOnlyList<AlignedSentences> pairs, bool sideA, bool weighted = false)
    {
        int total = TextLength(document);
        if (total == 0)
        {
            return 0;
        }

        double covered = 0;
        foreach (var pair in pairs)
        {
            covered += (weighted ? pair.Probability : 1) * CoveredLength(document, pair, sideA);
        }

        return covered / (double)total;
    }
}
