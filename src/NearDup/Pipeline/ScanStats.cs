namespace NearDup.Pipeline;

/// <summary>Counts and wall-clock time of each stage of a scan.</summary>
public sealed record ScanStats
{
    public int Documents { get; init; }

    public long Characters { get; init; }

    public long Tokens { get; init; }

    /// <summary>Input skipped (or repaired to be read): a file, a record, a row. The CLI exits with 3 when any.</summary>
    public long Problems { get; init; }

    /// <summary>Notes on input read whole (e.g. decoded by detection); not problems.</summary>
    public long Notes { get; init; }

    public int Candidates { get; init; }

    /// <summary>Pairs proposed by document vectors for meaning-level verification.</summary>
    public int SemanticCandidates { get; init; }

    /// <summary>Semantic candidates left after the cheap filters (language, copies, shared names): screened on the cheap encoder's sentence vectors.</summary>
    public int SemanticScreened { get; init; }

    /// <summary>Semantic candidates that passed the cheap filters and the screen and were verified with the verify encoder (MiniLM).</summary>
    public int SemanticVerified { get; init; }

    /// <summary>Sentences the verify encoder (MiniLM) encoded: each document's once while its pairs are verified.</summary>
    public long SemanticSentencesEncoded { get; init; }

    public int Relations { get; init; }

    public int Stories { get; init; }

    /// <summary>Which pairs were aligned and reported.</summary>
    public RelationsMode RelationsMode { get; init; }

    /// <summary>Passages reused in several documents, each reported once.</summary>
    public int PassageClusters { get; init; }

    /// <summary>Candidate pairs aligned: all of them in <see cref="RelationsMode.All"/>, about one per copy in <see cref="RelationsMode.Tree"/>.</summary>
    public int Alignments { get; init; }

    /// <summary>Reading, tokenizing and fingerprinting, overlapped.</summary>
    public TimeSpan Fingerprint { get; init; }

    public TimeSpan FindCandidates { get; init; }

    public TimeSpan Verify { get; init; }

    /// <summary>Document vectors, their neighbours, and sentence alignment of those pairs.</summary>
    public TimeSpan Semantic { get; init; }

    /// <summary>Part of <see cref="Semantic"/>: document vectors and entity keys of every document.</summary>
    public TimeSpan SemanticVectors { get; init; }

    /// <summary>Part of <see cref="Semantic"/>: vector neighbours and the cheap filters.</summary>
    public TimeSpan SemanticNeighbours { get; init; }

    /// <summary>Part of <see cref="Semantic"/>: the screen on the cheap encoder's sentence vectors.</summary>
    public TimeSpan SemanticScreen { get; init; }

    /// <summary>Part of <see cref="Semantic"/>: encoding with the verify encoder and relating the pairs left.</summary>
    public TimeSpan SemanticVerification { get; init; }

    /// <summary>Grouping's wall time after verification: the wait for the word evidence (term vectors and their
    /// neighbour search, weighed beside candidates and verification) and the merge.</summary>
    public TimeSpan Group { get; init; }

    /// <summary>Spliced furniture in stories and boilerplate spans of related documents (in <c>neardup scan</c>, beside
    /// the report's first sections, which share the cores with it).</summary>
    public TimeSpan Furniture { get; init; }

    /// <summary>Passage clusters from the winnow postings (without the semantic stage: their own wall time, beside
    /// grouping's merge).</summary>
    public TimeSpan Passages { get; init; }

    public TimeSpan Total { get; init; }

    /// <summary>Peak working set of the process when the scan ended, in bytes.</summary>
    public long PeakWorkingSet { get; init; }
}
