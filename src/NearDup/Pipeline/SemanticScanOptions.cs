using NearDup.Semantic;

namespace NearDup.Pipeline;

/// <summary>The meaning-level stage of a scan: which encoders, how many neighbours, which thresholds.</summary>
/// <remarks>
/// Candidates come cheaply from document vectors of <see cref="CandidateEncoder"/> (a static table: thousands of
/// sentences a second); only those pairs are verified with <see cref="VerifyEncoder"/> (the transformer), so
/// the model never sees the whole corpus. Null encoders switch the stage off.
/// </remarks>
public sealed record SemanticScanOptions
{
    /// <summary>Encoder for document vectors and candidate search; null: no semantic stage.</summary>
    public ISentenceEncoder? CandidateEncoder { get; init; }

    /// <summary>Encoder for sentence alignment of candidate pairs; null: the candidate encoder.</summary>
    public ISentenceEncoder? VerifyEncoder { get; init; }

    /// <summary>
    /// Cross-encoder that confirms the sentence pairs deciding a paraphrase verdict (a cascade: the verify encoder's
    /// aligner proposes pairs from <see cref="SemanticOptions.ProposalMinProbability"/>, the verifier keeps those it
    /// judges paraphrases, weighted by its probability). Asked only where its answers can change the verdict, at most
    /// <see cref="SemanticRelater.MaxVerifiedPairs"/> sentence pairs per document pair, in one batch. Null: the
    /// encoder's probabilities decide alone. <c>MiniLmPresets.Default</c> sets the shipped MRPC cross-encoder.
    /// </summary>
    public IParaphraseVerifier? ParaphraseVerifier { get; init; }

    /// <summary>
    /// Unload the shared models (<see cref="IUnloadableModel"/>: ONNX Runtime's sessions) after the scan's last
    /// semantic pass, so that furniture and the report run without them: for a process that runs one scan (the
    /// command line). Default false: a later scan in the process finds them loaded.
    /// </summary>
    internal bool UnloadModelsWhenDone { get; init; }

    /// <summary>Nearest neighbours per document. Default 5.</summary>
    public int Neighbours { get; init; } = 5;

    /// <summary>
    /// Minimum document cosine for a candidate. Default 0.8: same-story news pairs measured 0.85 and more with the
    /// static table, unrelated ones at most 0.63 (docs/EVALUATION-semantic.md).
    /// </summary>
    public float MinDocumentCosine { get; init; } = 0.8f;

    /// <summary>
    /// Distinctive names or figures (<see cref="EntityKeys"/>) two documents must share before a vector neighbour
    /// with no lexical relation is verified. Default 3: one shared name is chance; a person, a place and a figure
    /// together are an event.
    /// </summary>
    public int MinSharedEntities { get; init; } = 3;

    /// <summary>A key in more than this share of the documents is not distinctive. Default 0.02.</summary>
    public double MaxEntityShare { get; init; } = 0.02;

    /// <summary>...but a key is always distinctive in up to this many documents (small corpora). Default 10.</summary>
    public int MinEntityDocuments { get; init; } = 10;

    /// <summary>
    /// Languages (ISO 639-1 codes, as <see cref="Language.LanguageDetector"/> gives them) the encoders were trained
    /// on: only documents in one of them get meaning-level matching, and only with documents in the same language;
    /// the others are matched lexically, and the report says so. Default <c>en</c> (all-MiniLM-L6-v2 and its static
    /// table are English models); empty: every language, undetermined ones included.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    /// <summary>
    /// Sentences of a document read by the meaning-level stage (document vector, entity keys, MiniLM verification):
    /// a longer document is read to there, and the report says so. Bounds the stage's cost per document. Default 200
    /// (news articles have 10-60).
    /// </summary>
    public int MaxSentences { get; init; } = 200;

    /// <summary>
    /// Screen before the verify encoder (when it differs from the candidate encoder), on candidate-encoder sentence
    /// vectors: a sentence, not shared word for word, may align with a partner from this cosine. A pair goes on to the
    /// verify encoder only when its shared and alignable sentences cover <see cref="SemanticOptions.ParaphraseMinSupport"/>
    /// of the shorter document, or it may be one story (<see cref="ScreenStoryMinCosine"/>, <see cref="ScreenRestMinCosine"/>).
    /// Default 0.59: 10-fold cross-validated for 99% recall of the sentence pairs MiniLM aligns on MRPC train
    /// (held out 0.990; cut per fold 0.589–0.598; docs/EVALUATION-semantic.md, "Screen"). -1 with the other two at
    /// -1 sends every pair on.
    /// </summary>
    public float ScreenAlignMinCosine { get; init; } = 0.59f;

    /// <summary>
    /// Screen: static cosine from which a sentence, not shared word for word, may state the same fact as its best
    /// partner. Default 0.53: 10-fold cross-validated for 99% recall of the MRPC train pairs MiniLM puts at
    /// <see cref="SemanticOptions.StorySentenceMinCosine"/> or more (held out 0.990; cut per fold 0.524–0.546;
    /// docs/EVALUATION-semantic.md, "Screen").
    /// </summary>
    public float ScreenStoryMinCosine { get; init; } = 0.53f;

    /// <summary>
    /// Screen: static cosine of the two documents without their shared sentences from which they may be one story.
    /// Default 0.77: 10-fold cross-validated for 99% recall of the MRPC article pairs whose MiniLM cosine (shared
    /// sentences left out) reaches <see cref="SemanticOptions.SameStoryMinCosine"/> (held out 0.990; cut per fold
    /// 0.775–0.777; docs/EVALUATION-semantic.md, "Screen").
    /// </summary>
    public float ScreenRestMinCosine { get; init; } = 0.77f;

    /// <summary>
    /// Before grouping, a pair that shares no text is screened for the same story only when at least this share of
    /// the shorter document's own sentences may state the same facts as the other's: a clear case, which guides the
    /// grouping where words alone are too few (a handful of documents, as the seeds). The other members of a story
    /// are verified after grouping. Default 0.5. Leave-topics-out cross-validation on ECB+ with the grouping
    /// (`neardup eval ecb-plus --fit-early-story`) scores every share from 0.5 to 1 alike held out (pairwise F1
    /// 0.915) and lower ones worse (0.4: 0.907, 0.3: 0.895), so 0.5 is the lowest share that loses nothing there.
    /// Under 0.3 documents mixing sentences of the same weeks of news pass by chance (share 0.2 sent 2,845 pairs of
    /// the 20,000 reuse-dense documents to the transformer, 0.3 sent 485; docs/EVALUATION.md).
    /// </summary>
    public double EarlyStoryMinShare { get; init; } = 0.5;

    /// <summary>
    /// Screen: names and figures (<see cref="EntityKeys"/>), each held by at most
    /// <see cref="ScreenStoryMaxEntityDocuments"/> documents, two documents that share no text must hold in common for
    /// a same-story check on sentence vectors. Default 4: on the synthetic corpus, whose documents all draw on one
    /// vocabulary, the static sentence vectors pass most neighbours as a possible same story and MiniLM finds none;
    /// docs/PERFORMANCE-semantic.md, "Session 10". 0 turns the check off.
    /// </summary>
    public int ScreenStoryMinEntities { get; init; } = 4;

    /// <summary>
    /// Screen: documents up to which a name or figure counts towards <see cref="ScreenStoryMinEntities"/>. A fixed count,
    /// not a share of the corpus (as <see cref="MaxEntityShare"/>): the reports of one event do not grow with the corpus,
    /// the documents a common name turns up in do. Default 400 (the 2 % share at 20,000 documents): the dense corpus's
    /// stories hold their names in 70–200 documents each, ECB+ same-story pairs share 4 names in at most 30;
    /// docs/PERFORMANCE-semantic.md, "Session 10, round 2".
    /// </summary>
    public int ScreenStoryMaxEntityDocuments { get; init; } = 400;

    /// <summary>
    /// Screen: two documents that share no text, each among the other's this many nearest by the grouper's tf-idf
    /// cosine, are checked for the same story without <see cref="ScreenStoryMinEntities"/>. Default 2: the same_story
    /// pairs MiniLM finds on the synthetic corpus with fewer names in common are each other's nearest (rank 1 both
    /// ways); a rank, unlike the cosine, does not rise with corpus size. docs/PERFORMANCE-semantic.md, "Session 10,
    /// round 2". 0: names only.
    /// </summary>
    public int ScreenStoryWordNeighbours { get; init; } = 2;

    public SemanticOptions Relate { get; init; } = new();

    /// <summary>The relater of these settings: <see cref="Relate"/>'s thresholds and the <see cref="ParaphraseVerifier"/>.</summary>
    internal SemanticRelater CreateRelater() => new(Relate, ParaphraseVerifier);

    /// <summary>The screen's cuts as one value.</summary>
    internal SemanticScreenCuts ScreenCuts => new(ScreenAlignMinCosine, ScreenStoryMinCosine, ScreenRestMinCosine, ScreenStoryMinEntities, ScreenStoryMaxEntityDocuments);

    public bool Enabled => CandidateEncoder is not null;

    /// <summary>True when documents in <paramref name="language"/> get meaning-level matching.</summary>
    public bool Covers(string language) => Languages.Count == 0 || Language.LanguageDetector.IsCovered(language, Languages);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Neighbours, 1, nameof(Neighbours));
        if (MinDocumentCosine is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDocumentCosine), MinDocumentCosine, "MinDocumentCosine must be in [-1, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinSharedEntities, nameof(MinSharedEntities));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSentences, 1, nameof(MaxSentences));
        ArgumentNullException.ThrowIfNull(Languages, nameof(Languages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinEntityDocuments, 1, nameof(MinEntityDocuments));
        if (MaxEntityShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEntityShare), MaxEntityShare, "MaxEntityShare must be in [0, 1].");
        }

        if (EarlyStoryMinShare is < 0 or > 1 || double.IsNaN(EarlyStoryMinShare))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStoryMinShare), EarlyStoryMinShare, "EarlyStoryMinShare must be in [0, 1].");
        }

        Cosine(ScreenAlignMinCosine, nameof(ScreenAlignMinCosine));
        Cosine(ScreenStoryMinCosine, nameof(ScreenStoryMinCosine));
        Cosine(ScreenRestMinCosine, nameof(ScreenRestMinCosine));
        ArgumentOutOfRangeException.ThrowIfNegative(ScreenStoryMinEntities, nameof(ScreenStoryMinEntities));
        ArgumentOutOfRangeException.ThrowIfLessThan(ScreenStoryMaxEntityDocuments, 1, nameof(ScreenStoryMaxEntityDocuments));
        ArgumentOutOfRangeException.ThrowIfNegative(ScreenStoryWordNeighbours, nameof(ScreenStoryWordNeighbours));

        Relate.Validate();
    }

    private static void Cosine(float value, string name)
    {
        if (value is < -1 or > 1 || float.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [-1, 1].");
        }
    }
}
