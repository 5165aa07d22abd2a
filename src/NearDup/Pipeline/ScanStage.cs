namespace NearDup.Pipeline;

/// <summary>The stages of a scan, in the order they run, as <see cref="ScanProgress"/> reports them.</summary>
public enum ScanStage
{
    /// <summary>Reading, tokenizing and fingerprinting; counts documents (the total is not known ahead).</summary>
    Reading,

    /// <summary>Candidate pairs from the fingerprints; counts documents.</summary>
    Candidates,

    /// <summary>Alignment of the candidate pairs; counts pairs.</summary>
    Verification,

    /// <summary>Document vectors and entity keys for the meaning-level stage; counts documents.</summary>
    SemanticVectors,

    /// <summary>The cheap screen of the meaning-level candidates before the transformer; counts pairs.</summary>
    SemanticScreen,

    /// <summary>Sentence alignment of the meaning-level candidates; counts pairs.</summary>
    SemanticVerification,

    /// <summary>Stories from the relations; counts relations.</summary>
    Grouping,

    /// <summary>Spliced and learned furniture in the stories; counts stories.</summary>
    Furniture,
}
