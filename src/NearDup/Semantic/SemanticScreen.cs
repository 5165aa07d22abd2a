namespace NearDup.Semantic;

/// <summary>
/// The cheap step before transformer verification: on sentence vectors of the static encoder, whether a pair could
/// be a paraphrase (or text reuse) or the same story at all. Sentences both documents hold word for word are already
/// explained (text reuse, reported by the lexical stages and passage clusters): they count towards a restatement but
/// are no evidence of one story. Only the rest is judged, with cuts fitted for the recall of what the transformer
/// decides (docs/EVALUATION-semantic.md, "Screen").
/// </summary>
/// <remarks>Cost is O(n·m) dot products of the static vectors per pair; thread-safe.</remarks>
internal sealed class SemanticScreen
{
    // As in SemanticRelater: above this two sentences are one sentence, not two reports of one fact.
    private const float CopiedSentenceCosine = 0.98f;
    private readonly SemanticOptions relate;
    private readonly SemanticScreenCuts cuts;

    public SemanticScreen(SemanticOptions relate, SemanticScreenCuts cuts)
    {
        this.relate = relate;
        this.cuts = cuts;
    }

    /// <summary>What the screen measures on a pair, on the shorter document's side.</summary>
    /// <param name="SharedShare">Share of its sentence characters the other document holds word for word.</param>
    /// <param name="AlignableShare">...plus the share of its other sentences whose best partner reaches <see cref="SemanticScreenCuts.AlignMinCosine"/>.</param>
    /// <param name="StorySentences">Its sentences, not shared word for word, whose best partner reaches <see cref="SemanticScreenCuts.StoryMinCosine"/>.</param>
    /// <param name="RestSentences">Its sentences not shared word for word.</param>
    /// <param name="RestCosine">Cosine of the two documents without their shared sentences (<see cref="SemanticRelater.RestCosine"/>).</param>
    public readonly record struct Measures(double SharedShare, double AlignableShare, int StorySentences, int RestSentences, float RestCosine);

    /// <summary>Whether the transformer could relate the pair: enough of the shorter side alignable, or a same story beyond what is shared.</summary>
    public bool Passes(SemanticDocument a, SemanticDocument b) => Passes(Measure(a, b));

    /// <summary>Whether measures pass the cuts: a restatement or the same story.</summary>
    public bool Passes(Measures m) => PassesRestatement(m) || PassesStory(m);

    /// <summary>Whether enough of the shorter document may align for a paraphrase or text reuse.</summary>
    /// <param name="m">The pair's measures.</param>
    /// <param name="beyondShared">Judge only the sentences not shared word for word: documents that reprint some of
    /// the same sentences are text reuse, which passage clusters report; a rewrite is what the rest of the shorter
    /// one restates.</param>
    public bool PassesRestatement(Measures m, bool beyondShared = false) =>
        beyondShared
            ? m.SharedShare < 1 && (m.AlignableShare - m.SharedShare) / (1 - m.SharedShare) >= relate.ParaphraseMinSupport
            : m.AlignableShare >= relate.ParaphraseMinSupport;

    /// <summary>
    /// Whether the documents may be one story beyond what they share word for word; with <paramref name="minShare"/>,
    /// only if at least that share of the shorter document's own sentences may state the same facts.
    /// </summary>
    /// <param name="m">The pair's measures.</param>
    /// <param name="minShare">Share of the shorter document's own sentences that must state the same facts (0: two sentences are enough).</param>
    /// <param name="sharingNothing">Only documents that hold no sentence in common word for word: those that do are
    /// text reuse, which passage clusters report.</param>
    public bool PassesStory(Measures m, double minShare = 0, bool sharingNothing = false) =>
        (!sharingNothing || m.SharedShare == 0)
        && m.StorySentences >= Math.Max(relate.SameStoryMinSentences, minShare * m.RestSentences) && m.RestCosine >= cuts.RestMinCosine;

    /// <summary>
    /// Whether two documents that share no text have word evidence enough to be one story: the static sentence vectors
    /// of documents of one kind of news (or of one generator's vocabulary) find same-fact partners everywhere, but one
    /// event also shows in the words the two share (each among the other's nearest by tf-idf) or in its names and
    /// figures. Neither drifts with corpus size, as a tf-idf cosine or a share of the corpus does.
    /// </summary>
    /// <param name="mutualWordNeighbours">Whether each is among the other's
    /// <see cref="Pipeline.SemanticScanOptions.ScreenStoryWordNeighbours"/> nearest by tf-idf.</param>
    /// <param name="a">One document's keys (sorted, <see cref="EntityKeys.Extract"/>).</param>
    /// <param name="b">The other's.</param>
    /// <param name="documents">Documents a key is held by: one held by more than
    /// <see cref="SemanticScreenCuts.StoryMaxEntityDocuments"/> is no evidence of one event.</param>
    public bool PassesStoryWords(bool mutualWordNeighbours, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Func<ulong, int> documents) =>
        cuts.StoryMinEntities == 0 || mutualWordNeighbours || EntityKeys.Shared(a, b, k => documents(k) <= cuts.StoryMaxEntityDocuments) >= cuts.StoryMinEntities;

    /// <summary>The measures of a pair encoded by the static encoder.</summary>
    public Measures Measure(SemanticDocument a, SemanticDocument b)
    {
        bool aShorter = TextLength(a) <= TextLength(b);
        var (shorter, other) = aShorter ? (a, b) : (b, a);
        int n = Math.Min(shorter.Count, SentenceAligner.MaxSentences);
        int m = Math.Min(other.Count, SentenceAligner.MaxSentences);
        long total = 0, shared = 0, alignable = 0;
        int story = 0, rest = 0;
        for (int i = 0; i < n; i++)
        {
            int length = shorter.Sentences[i].Length;
            total += length;
            if (shorter.IsSharedWith(i, other))
            {
                shared += length;
                continue;
            }

            rest++;
            float best = other.MaxSentenceDot(shorter.SentenceVector(i), m);

            alignable += best >= cuts.AlignMinCosine ? length : 0;
            story += best >= cuts.StoryMinCosine && best < CopiedSentenceCosine ? 1 : 0;
        }

        if (total == 0)
        {
            return default;
        }

        return new Measures(shared / (double)total, (shared + alignable) / (double)total, story, rest, SemanticRelater.RestCosine(a, b));
    }

    private static long TextLength(SemanticDocument document)
    {
        long length = 0;
        foreach (var span in document.Sentences)
        {
            length += span.Length;
        }

        return length;
    }
}
